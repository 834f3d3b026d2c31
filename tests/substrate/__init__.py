"""Tests of the subtensor backend against recorded substrate vectors (offline)."""
