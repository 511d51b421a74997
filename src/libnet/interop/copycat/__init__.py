"""Copy cataloguing: records of other catalogues found over Z39.50 (yaz-client) or SRU and
imported through catalog's services."""
