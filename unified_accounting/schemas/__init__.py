"""The unified shapes, written once. Every key is always present (None when empty); dates are ISO 8601.

One module per family (banking, core, ledger, orders, pickers, platform, reference, reports); import every
shape from here, `from unified_accounting.schemas import Invoice`: each family's public names are
re-exported, so a new shape needs no line here."""

from unified_accounting.schemas.banking import *
from unified_accounting.schemas.core import *
from unified_accounting.schemas.ledger import *
from unified_accounting.schemas.orders import *
from unified_accounting.schemas.pickers import *
from unified_accounting.schemas.platform import *
from unified_accounting.schemas.reference import *
from unified_accounting.schemas.reports import *
