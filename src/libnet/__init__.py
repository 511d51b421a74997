"""libnet: the software that runs a Vietnamese province's library network."""

__version__ = "0.1.0"
