"""What every write body shares: the base with dry_run, tracking categories, contacts, files, actions."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from unified_accounting.schemas import TrackingCategoryType

# Lines (items, taxes, journal lines, payment applications) per document: ERPNext needs ~8 s to build an
# invoice of 1,000 lines and ~1 min for 10,000, past any sane HTTP timeout (docs/reliability.md).
MAX_LINES = 1000


class Body(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	dry_run: bool = False  # validate everything ERPNext would, return the would-be result, write nothing


class TrackingCategoryInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	type: TrackingCategoryType  # cost_center | project | an Accounting Dimension fieldname
	id: str


class ContactInput(BaseModel):
	model_config = ConfigDict(extra="forbid")

	id: str
	type: Literal["customer", "supplier", "employee", "shareholder"]


class DocumentAction(Body):
	"""submit_*, cancel_*, delete_*: the document's id."""

	id: str = Field(min_length=1)


class FileInput(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	file_name: str = Field(min_length=1, max_length=140)  # e.g. receipt-8812.pdf
	content_base64: str = Field(min_length=1)  # the file, base64-encoded (within the site's max file size)
