"""Schemathesis hooks for scripts/fuzz-api.sh: a batch verification's body (application/x-ndjson) is
text, lines of JSON, so it is sent as text/plain's serializer would send it."""
import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
