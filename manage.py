#!/usr/bin/env python
"""Django's manage.py, for developers used to it; ``minzheng`` does the same and more."""

from minzheng.cli import main

if __name__ == "__main__":
    main()
