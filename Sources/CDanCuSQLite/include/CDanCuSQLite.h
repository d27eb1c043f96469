#ifndef CDANCU_SQLITE_H
#define CDANCU_SQLITE_H

/// The process-wide SQLite settings DanCu makes before it opens its first connection.
/// `sqlite3_config` is a variadic C function, which Swift cannot call; this is its one use.
///
/// Turns off SQLite's memory statistics. With them on (the library's default), every allocation and
/// free inside SQLite takes one global mutex, which the readers and the writers of every file share.
/// Returns SQLITE_OK, or SQLITE_MISUSE when SQLite was already initialised (the setting then stays as it was).
int dancu_sqlite_disable_memory_statistics(void);

#endif
