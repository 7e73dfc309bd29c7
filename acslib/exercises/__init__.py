"""Exercise checkers, one module per chapter (ARENA-style feedback).

A chapter imports its module, e.g. ``from acslib.exercises import definition as
exercises``, and calls ``exercises.check_...(answer)`` after each auto-checked
exercise. Checkers are built on :mod:`acslib.checking`.
"""
