"""Bulk printing: many letters from a file or the queue, checked and printed on every core.

Reads letter files (CSV, JSON Lines), finds each recipient (an address block or a prisoner in
the directory), runs the language gate and the printability checks, and hands what passes to
:mod:`letters.pdf`, which only lays out and draws. ``letters render`` lives here too.
"""
