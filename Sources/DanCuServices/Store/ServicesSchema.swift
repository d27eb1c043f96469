public import DanCuStore

/// The tables of public services. Applications are keyed by their code; their steps and events by the
/// application. Each names its applicant by personal number and holds no register field: the register
/// stays the one source (DESIGN.md principle 1).
public enum ServicesSchema {
    public static let migrations: [Migration] = [
        Migration(
            module: "services", version: 1, name: "applications, steps, events",
            sql: [
                """
                CREATE TABLE service_applications (
                  code TEXT PRIMARY KEY,
                  procedure_code TEXT NOT NULL,
                  applicant TEXT NOT NULL,
                  subject TEXT,
                  ward_code TEXT NOT NULL,
                  province_code TEXT NOT NULL,
                  status TEXT NOT NULL,
                  submitted_at BIGINT NOT NULL,
                  received_on TEXT,
                  received_month TEXT,
                  deadline TEXT,
                  finished_on TEXT,
                  working_days INTEGER,
                  finished_late INTEGER,
                  form TEXT NOT NULL,
                  supplement TEXT,
                  idempotency_key TEXT,
                  fingerprint TEXT,
                  version INTEGER NOT NULL)
                """,
                "CREATE UNIQUE INDEX service_applications_idempotency ON service_applications (applicant, idempotency_key)",
                "CREATE INDEX service_applications_applicant ON service_applications (applicant, submitted_at)",
                "CREATE INDEX service_applications_figures ON service_applications (received_month, province_code, ward_code, procedure_code)",
                """
                CREATE TABLE service_application_steps (
                  application TEXT NOT NULL,
                  step TEXT NOT NULL,
                  procedure_code TEXT NOT NULL,
                  position INTEGER NOT NULL,
                  desk TEXT NOT NULL,
                  ward_code TEXT NOT NULL,
                  province_code TEXT NOT NULL,
                  status TEXT NOT NULL,
                  opened_on TEXT,
                  due TEXT,
                  decided_on TEXT,
                  decided_by TEXT,
                  note TEXT,
                  PRIMARY KEY (application, step))
                """,
                "CREATE INDEX service_steps_ward_queue ON service_application_steps (desk, status, ward_code, due)",
                "CREATE INDEX service_steps_province_queue ON service_application_steps (desk, status, province_code, due)",
                """
                CREATE TABLE service_application_events (
                  application TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  kind TEXT NOT NULL,
                  step TEXT,
                  actor TEXT NOT NULL,
                  at BIGINT NOT NULL,
                  note TEXT,
                  PRIMARY KEY (application, seq))
                """,
            ]),
        Migration(
            module: "services", version: 2, name: "attachments, sealed",
            sqlite: attachments(blob: "BLOB", bigint: "INTEGER"), postgres: attachments(blob: "BYTEA", bigint: "BIGINT")),
        Migration(module: "services", version: 4, name: "figures kept as counts", sql: figures),
    ]

    /// The figures' counts (`ServiceFigures`), filled from the applications there are, and the index of
    /// unfinished applications that finds those past their deadline. The index the figures counted the
    /// month's applications by goes; the new one holds an application only until it ends. (`finished_on`,
    /// NULL in every entry of the new index, is in it so that the index alone answers the query.)
    static let figures = [
        """
        CREATE TABLE service_figures (
          received_month TEXT NOT NULL,
          procedure_code TEXT NOT NULL,
          ward_code TEXT NOT NULL,
          province_code TEXT NOT NULL,
          received BIGINT NOT NULL,
          done BIGINT NOT NULL,
          on_time BIGINT NOT NULL,
          late BIGINT NOT NULL,
          days_total BIGINT NOT NULL,
          days_counted BIGINT NOT NULL,
          PRIMARY KEY (received_month, procedure_code, ward_code))
        """,
        """
        INSERT INTO service_figures (received_month, procedure_code, ward_code, province_code, received, done, on_time, late, days_total, days_counted)
        SELECT received_month, procedure_code, ward_code, MIN(province_code), COUNT(*),
          SUM(CASE WHEN finished_on IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN finished_late = 0 THEN 1 ELSE 0 END),
          SUM(CASE WHEN finished_late = 1 THEN 1 ELSE 0 END), COALESCE(SUM(working_days), 0), COUNT(working_days)
        FROM service_applications WHERE received_month IS NOT NULL
        GROUP BY received_month, procedure_code, ward_code
        """,
        """
        CREATE INDEX service_applications_open ON service_applications (received_month, province_code, ward_code, procedure_code, status, deadline, finished_on)
        WHERE finished_on IS NULL
        """,
        "DROP INDEX service_applications_figures",
    ]

    /// Applied once the boxes `service_attachments` held are in the attachments' own store
    /// (`AttachmentMove`): the register's row keeps what the file is, in the clear.
    static let boxesMoved = Migration(
        module: "services", version: 3, name: "attachments' boxes in a store of their own",
        sql: ["ALTER TABLE service_attachments DROP COLUMN sealed"])

    /// The attachments' own store (`AttachmentFiles`): each box by application, attachment code and the
    /// SHA-256 of its content. Not WITHOUT ROWID on SQLite: its rows are large.
    public static let fileMigrations: [Migration] = [
        Migration(
            module: "services-files", version: 1, name: "attachments' sealed content",
            sqlite: files(blob: "BLOB", bigint: "INTEGER"), postgres: files(blob: "BYTEA", bigint: "BIGINT")),
        Migration(
            module: "services-files", version: 2, name: "the sweep of boxes no application names",
            sqlite: sweep(bigint: "INTEGER"), postgres: sweep(bigint: "BIGINT")),
    ]

    /// `AttachmentSweep` goes through the boxes in the order they were stored, and remembers the last it
    /// looked at.
    static func sweep(bigint: String) -> [String] {
        [
            "CREATE INDEX service_attachment_files_stored ON service_attachment_files (stored_at, application, code, sha256)",
            """
            CREATE TABLE service_attachment_sweep (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              stored_at \(bigint) NOT NULL,
              application TEXT NOT NULL,
              code TEXT NOT NULL,
              sha256 TEXT NOT NULL)
            """,
        ]
    }

    static func files(blob: String, bigint: String) -> [String] {
        [
            """
            CREATE TABLE service_attachment_files (
              application TEXT NOT NULL,
              code TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              stored_at \(bigint) NOT NULL,
              sealed \(blob) NOT NULL,
              PRIMARY KEY (application, code, sha256))
            """
        ]
    }

    /// One row per attachment of an application: what it is, in the clear, and (until migration 3
    /// moved it out) its content sealed (`DataVault`, bound to `code/attachment`). A supplement's new
    /// file replaces the row.
    static func attachments(blob: String, bigint: String) -> [String] {
        [
            """
            CREATE TABLE service_attachments (
              application TEXT NOT NULL,
              code TEXT NOT NULL,
              media_type TEXT NOT NULL,
              byte_count INTEGER NOT NULL,
              sha256 TEXT NOT NULL,
              file_name TEXT,
              added_at \(bigint) NOT NULL,
              sealed \(blob) NOT NULL,
              PRIMARY KEY (application, code))
            """
        ]
    }
}
