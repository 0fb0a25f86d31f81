"""The live OpenAPI 3.1 document: endpoints discovered in unified_accounting.api (endpoints.py), their
operations (operations.py), the document's frame (frame.py), pure schema parts and bounds (parts.py,
bounds.py), assembled and cached per site's metadata (document.py). It reads the api package, which
nothing below it (services, mappers) may do."""
