"""Pieces more than one reader stands on.

- :mod:`.terms`: how a term of QEMU's option documentation names an option
  or sub-option, once plain text (every reader);
- :mod:`.outline` and :mod:`.outline_options`: the format-neutral outline of
  a rendered page and its turn into the option model (the HTML and man
  readers, so that both follow the .hx reader's conventions);
- :mod:`.qemu_img`: which terms of a rendered qemu-img page are its
  commands and options (the HTML and man readers);
- :mod:`.forward_find`: ``str.find`` for a reader moving forward through a
  text without scanning it twice;
- :mod:`.tables` and :mod:`.rst_tables`: tables as outline blocks and model
  records (the HTML and man readers), and docutils' reading of rST tables
  (the .hx reader), so that all three read a table into the same rows.
"""
