"""Request bodies of the write endpoints, validated as a whole: unknown fields, wrong types and missing
fields are reported together, each by its path. (Output shapes are the TypedDicts in schemas/.) Each
family's public names are re-exported, so a new body needs no line here."""

from unified_accounting.inputs.banking import *
from unified_accounting.inputs.common import *
from unified_accounting.inputs.documents import *
from unified_accounting.inputs.money import *
from unified_accounting.inputs.orders import *
from unified_accounting.inputs.platform import *
from unified_accounting.inputs.reference import *
