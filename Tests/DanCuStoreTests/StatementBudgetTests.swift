import Testing

@testable import DanCuStore

/// A one-statement read lets through queries only, whatever their case and leading space or parentheses.
@Suite struct StatementBudgetTests {
    @Test func onlyAQueryIsAQuery() {
        for sql in ["SELECT 1", "select 1", " \n\t(SELECT 1) UNION (SELECT 2)", "SeLeCt x FROM t", "SELECT"] {
            #expect(StatementBudget.isQuery(sql), "\(sql)")
        }
        for sql in [
            "DELETE FROM t", "SELEC", "", "  ", "WITH x AS (SELECT 1) DELETE FROM t", "SELECŦ 1", "insert into t select 1",
            "@ELECT 1",
        ] {
            #expect(!StatementBudget.isQuery(sql), "\(sql)")
        }
    }

    @Test func aSecondStatementIsRefused() throws {
        let budget = StatementBudget(limit: 1)
        try budget.spend("SELECT 1")
        #expect(throws: StoreError.self) { try budget.spend("SELECT 2") }
    }
}
