"""The web interface: Jinja2 templates, hand-written CSS and JS, and the offline HTML report."""
