#!/usr/bin/env python3
"""Seeds N messages into one direct conversation of a stopped Chat server's SQLite database (bench/run.sh history).

usage: seed-history.py DB CONVERSATION_ID SENDER_A SENDER_B N

The column list is read from the migrated schema (PRAGMA table_info), so later migrations keep working: known columns
get realistic values (ids as upper-case GUID text as EF Core stores them, Seq = Version = 1..N, alternating senders,
~100-byte texts, one second apart), other nullable or defaulted columns are left alone, a new NOT NULL integer column
gets 0. One transaction, then ANALYZE. The conversation's LastSeq/Version (and activity time, if kept) follow.
"""
import sqlite3, sys, time

db, conv, a, b, n = sys.argv[1], sys.argv[2].upper(), sys.argv[3].upper(), sys.argv[4].upper(), int(sys.argv[5])
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=NORMAL")
cols = con.execute("PRAGMA table_info(Messages)").fetchall()   # cid, name, type, notnull, dflt, pk
ts = "strftime('%Y-%m-%d %H:%M:%f', '2026-01-01', '+' || i || ' seconds')"
known = {
    "Id": "printf('00000000-0000-7000-8000-%012X', i)",
    "ConversationId": f"'{conv}'",
    "Seq": "i", "Version": "i",
    "SenderId": f"CASE i % 2 WHEN 0 THEN '{a}' ELSE '{b}' END",
    "Content": "printf('history message %d: the quick brown fox jumps over the lazy dog, padded to about a hundred bytes.', i)",
    "ReplyCount": "0",
    "CreatedAt": ts,
}
names, exprs = [], []
for _, name, typ, notnull, dflt, _ in cols:
    if name in known:
        names.append(name); exprs.append(known[name])
    elif not notnull or dflt is not None:
        continue
    elif "INT" in (typ or "").upper():
        print(f"seed: new NOT NULL column Messages.{name} ({typ}) gets 0", file=sys.stderr)
        names.append(name); exprs.append("0")
    else:
        sys.exit(f"seed: Messages.{name} ({typ}) is NOT NULL without a default; teach bench/seed-history.py its value")
t0 = time.time()
con.execute("BEGIN")
con.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
INSERT INTO Messages ({', '.join(names)}) SELECT {', '.join(exprs)} FROM n""")
conv_cols = {r[1] for r in con.execute("PRAGMA table_info(Conversations)")}
sets = [f"{c} = {n}" for c in ("LastSeq", "Version") if c in conv_cols]
sets += [f"{c} = strftime('%Y-%m-%d %H:%M:%f', '2026-01-01', '+{n} seconds')" for c in ("LastActivityAt", "LastMessageAt") if c in conv_cols]
if sets:
    con.execute(f"UPDATE Conversations SET {', '.join(sets)} WHERE Id = ?", (conv,))
con.execute("COMMIT")
con.execute("ANALYZE")
count = con.execute("SELECT count(*) FROM Messages WHERE ConversationId = ?", (conv,)).fetchone()[0]
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
print(f"seed: {count} messages in conversation {conv} ({time.time() - t0:.1f} s)", file=sys.stderr)
if count != n:
    sys.exit(f"seed: expected {n} messages, found {count}")
