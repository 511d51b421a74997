"""IIIF for the digital library: the Image API 3.0 (params.py, images.py) and the
Presentation API 3 (presentation.py), served by views.py under /iiif/."""
