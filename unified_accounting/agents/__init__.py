"""The MCP server for agents (api/mcp.py is its URL): JSON-RPC handling (server.py) and the tool catalog
built from the endpoints the OpenAPI document describes (tools.py). Above services, beside openapi/."""
