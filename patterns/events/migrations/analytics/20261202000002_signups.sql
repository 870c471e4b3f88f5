-- The analytics service's database: a read model built from the events, and what it needs to
-- build it once and only once.

-- The inbox: every event id applied, so a second copy of an event changes nothing.
CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY
);

-- The last stream position applied, per projection: a restart resumes after it. And how many
-- records the inbox recognised as events applied before (published twice), and skipped.
CREATE TABLE checkpoints (
    projection TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    duplicates BIGINT NOT NULL
);

-- One row per user ever seen, created or deleted in whichever order the events came.
CREATE TABLE signups (
    user_id TEXT PRIMARY KEY,
    plan TEXT,
    created INTEGER NOT NULL,
    deleted INTEGER NOT NULL
);

-- Events this reader could not read, with the reason, to look at later. They are not in the
-- inbox: a replay by a newer reader, which can read them, applies them.
CREATE TABLE parked_events (
    position BIGINT PRIMARY KEY,
    event_id TEXT,
    reason TEXT NOT NULL,
    body TEXT NOT NULL
);
