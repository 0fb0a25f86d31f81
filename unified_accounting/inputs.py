"""Request bodies of the write endpoints, validated as a whole: unknown fields, wrong types and missing
fields are reported together, each by its path. (Output shapes are the TypedDicts in schemas.py.)"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
	model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

	dry_run: bool = False  # validate everything ERPNext would, return the would-be result, write nothing


class AccountCreate(Body):
	name: str = Field(min_length=1)  # Account.account_name
	parent_account_id: str = Field(min_length=1)  # a group account of the company
	company: str | None = None  # default: the parent's company
	number: str | None = None  # Account.account_number
	type: str | None = None  # unified account type (bank, cash, accounts_receivable, tax, ...)
	currency: str | None = None  # Account.account_currency (default: company currency)
	is_group: bool = False
	status: Literal["active", "inactive"] = "active"
	custom_fields: dict[str, Any] = Field(default_factory=dict)


class AccountUpdate(Body):
	id: str = Field(min_length=1)
	name: str | None = Field(default=None, min_length=1)
	number: str | None = None
	status: Literal["active", "inactive"] | None = None
	parent_account_id: str | None = None  # refused (409) once the account has GL entries
	custom_fields: dict[str, Any] = Field(default_factory=dict)
