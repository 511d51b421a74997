"""The SRU server: the catalogue searched by other catalogues over SRU 2.0 and 1.2 (`/sru`)."""
