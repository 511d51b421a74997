"""Models of the mobile app."""
