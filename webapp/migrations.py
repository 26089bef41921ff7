"""Numbered schema migrations, applied in order by `flask --app webapp init-db`.

Each migration runs in its own transaction and is recorded in `_sqlite_migrations`
(sqlite-utils), so running `init-db` twice changes nothing the second time. Never edit
a migration that has shipped: add the next number instead.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("webapp")


@migrations(name="0001_core")
def m0001_core(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT,
            role TEXT NOT NULL CHECK (role IN ('admin', 'rep', 'product')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE catalog (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            currency TEXT NOT NULL,
            data TEXT NOT NULL,
            source_name TEXT,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            industry TEXT,
            employees INTEGER,
            owner TEXT,
            lang TEXT NOT NULL DEFAULT 'ja',
            mrr INTEGER NOT NULL DEFAULT 0,
            departments INTEGER,
            renewal_date TEXT,
            hourly_cost INTEGER,
            hot_lead_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX accounts_owner ON accounts(owner);
        CREATE TABLE subscriptions (
            account TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            product TEXT NOT NULL,
            plan TEXT,
            seats_used INTEGER,
            PRIMARY KEY (account, product)
        );
        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            account TEXT NOT NULL REFERENCES accounts(id),
            email TEXT NOT NULL,
            survey TEXT NOT NULL,
            lang TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT,
            sent_at TEXT,
            reminded_at TEXT,
            response TEXT
        );
        CREATE INDEX invitations_account ON invitations(account);
        CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            account TEXT NOT NULL,
            survey TEXT NOT NULL,
            lang TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            contact_email TEXT,
            answers TEXT NOT NULL,
            nps INTEGER,
            satisfaction INTEGER,
            source TEXT NOT NULL DEFAULT 'import',
            invitation INTEGER,
            revision INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            triaged_at TEXT
        );
        CREATE INDEX responses_account ON responses(account);
        CREATE INDEX responses_submitted ON responses(submitted_at);
        CREATE INDEX responses_untriaged ON responses(triaged_at) WHERE triaged_at IS NULL;
        """
    )


@migrations(name="0002_triage")
def m0002_triage(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE triage (
            response TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            category TEXT NOT NULL,
            auto_category TEXT NOT NULL,
            approach TEXT NOT NULL,
            reasons TEXT NOT NULL,
            export TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',
            triaged_at TEXT NOT NULL
        );
        CREATE INDEX triage_category ON triage(category);
        CREATE INDEX triage_account ON triage(account);
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            response TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            item TEXT,
            role TEXT
        );
        CREATE INDEX findings_response ON findings(response);
        CREATE INDEX findings_kind ON findings(kind);
        CREATE TABLE opportunities (
            id INTEGER PRIMARY KEY,
            response TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
            account TEXT NOT NULL,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            item TEXT NOT NULL,
            held INTEGER NOT NULL,
            reasons TEXT NOT NULL,
            UNIQUE (response, kind, item)
        );
        CREATE INDEX opportunities_account ON opportunities(account);
        CREATE TABLE overrides (
            response TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            comment TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE complaints (
            response TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'acknowledged', 'resolved')),
            note TEXT,
            changed_by TEXT,
            changed_at TEXT,
            created_at TEXT NOT NULL,
            notified_at TEXT
        );
        CREATE INDEX complaints_status ON complaints(status);
        CREATE TABLE complaint_events (
            id INTEGER PRIMARY KEY,
            response TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT,
            author TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@migrations(name="0003_proposals")
def m0003_proposals(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            response TEXT NOT NULL,
            kind TEXT NOT NULL,
            item TEXT NOT NULL,
            items TEXT NOT NULL,
            lang TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 0,
            docx TEXT,
            pdf TEXT,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'ready', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            status_note TEXT,
            won_amount INTEGER,
            approved_by TEXT,
            approved_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (response, kind, item)
        );
        CREATE INDEX proposals_account ON proposals(account);
        CREATE INDEX proposals_state ON proposals(state);
        CREATE TABLE proposal_events (
            id INTEGER PRIMARY KEY,
            proposal INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            note TEXT,
            amount INTEGER,
            author TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE proposal_links (
            id INTEGER PRIMARY KEY,
            proposal INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            token TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT
        );
        CREATE TABLE downloads (
            id INTEGER PRIMARY KEY,
            proposal INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            link INTEGER,
            who TEXT NOT NULL,
            format TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX downloads_proposal ON downloads(proposal);
        """
    )


@migrations(name="0004_themes")
def m0004_themes(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE theme_choices (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'move')),
            subject TEXT NOT NULL,
            target TEXT NOT NULL,
            author TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """
    )


@migrations(name="0005_report_indexes")
def m0005_report_indexes(db: Database) -> None:
    """Indexes for the reports.

    findings(response, kind): a response's complaint sentences in one lookup. With
    findings(response) and findings(kind) alone, and no ANALYZE statistics (the app never
    runs ANALYZE), SQLite picked findings(kind) for `response = ? AND kind = 'complaint'`
    and read every complaint finding once per complaint. It also serves every use of
    findings(response), which it replaces. The other two are covering indexes for the
    dashboard: NPS counts, and NPS per account before and after a proposal.
    """
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS findings_response_kind ON findings(response, kind);
        DROP INDEX IF EXISTS findings_response;
        CREATE INDEX IF NOT EXISTS responses_nps ON responses(nps);
        CREATE INDEX IF NOT EXISTS responses_account_nps ON responses(account, nps, submitted_at);
        """
    )
