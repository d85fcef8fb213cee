#!/usr/bin/env bash
# Mutation run on seq assignment: Chat.Domain Conversation.AppendMessage and the two checks it calls
# (EnsureParticipant, RootOf), tested by Chat.Domain.Tests and Chat.Application.Tests (stryker-config.json here).
# Stryker's "{start..end}" in --mutate is a span of CHARACTERS in the file, not of lines, so the spans are computed
# from the methods' text on every run (a fixed span would drift as soon as the file is edited).
# Extra arguments go to dotnet stryker (e.g. --log-to-file).
set -euo pipefail
cd "$(dirname "$0")"
file=../../src/Chat.Domain/Conversations/Conversation.cs
spans=$(python3 - "$file" <<'PY'
import sys
# Roslyn counts UTF-16 code units after the byte-order mark; this file has no characters outside the BMP.
text = open(sys.argv[1], encoding="utf-8-sig").read()
def span(signature):
    start = text.index(signature)
    # An expression-bodied member ends at its first ";" ending a line; a block-bodied one at the first brace
    # closed at member indentation ("    }").
    if "=>" in text[start:text.index("\n", start) + 1]:
        end = text.index(";\n", start) + 1
    else:
        end = text.index("\n    }\n", start) + len("\n    }")
    return f"{start}..{end}"
for signature in ("public Message AppendMessage(", "private static Message RootOf(", "private void EnsureParticipant("):
    print(span(signature))
PY
)
args=()
for s in $spans; do args+=(--mutate "**/Conversations/Conversation.cs{$s}"); done
dotnet stryker "${args[@]}" --test-case-filter "FullyQualifiedName!~FileTypesTests" "$@"
