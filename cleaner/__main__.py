"""``python -m cleaner`` runs the ``cleancorpus`` command."""

from .cli import main

raise SystemExit(main())
