"""The minzheng Django project: settings, URLs and the ``minzheng`` command-line tool."""
