"""Simulated participant submissions, for the demo and the tests."""
