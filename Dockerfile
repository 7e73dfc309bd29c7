# One environment for a whole class: the chapters in JupyterLab and the grading command.
#
#   docker build -t acs-book .
#   docker run --rm -p 8888:8888 acs-book                        # JupyterLab on the chapters
#   docker run --rm --network none -v "$PWD/submissions:/submissions:ro" -v "$PWD/out:/out" \
#       acs-book sh -c 'python scripts/grade.py /submissions/*.ipynb --out /out/grades.csv --timeout 120'
#
# The same environment as Binder's: binder/requirements.txt (the book's requirements.txt)
# and binder/postBuild. See appendix/instructor_guide.md, "Running the notebooks for a class".
FROM python:3.11-slim-bookworm

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLBACKEND=Agg

RUN apt-get update \
 && apt-get install -y --no-install-recommends git tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 student

WORKDIR /home/student/book
# Requirements first, so editing a chapter does not reinstall everything.
COPY --chown=student:student requirements.txt pyproject.toml README.md ./
COPY --chown=student:student binder/requirements.txt binder/requirements.txt
COPY --chown=student:student acslib/ acslib/
RUN pip install -r binder/requirements.txt
COPY --chown=student:student . .

USER student
RUN bash binder/postBuild

EXPOSE 8888
ENTRYPOINT ["tini", "--"]
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--ServerApp.root_dir=/home/student/book"]
