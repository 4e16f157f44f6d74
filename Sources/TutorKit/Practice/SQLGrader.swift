import Foundation

/// Compares the learner's SQL with an exercise's reference, on the dataset and on its hidden
/// variant, and says what differs in words a learner can act on.
public enum SQLGrader {
    public struct Verdict: Hashable, Sendable {
        public var correct: Bool
        /// Why it is wrong, when it is.
        public var reason: String?
        /// What the learner's SQL gave on the dataset they can see.
        public var result: SQLResult?
        /// SQLite's error, when the SQL did not run.
        public var failure: SQLFailure?
    }

    public static func grade(_ answer: String, exercise: Exercise, dataset: Dataset) throws(SQLFailure) -> Verdict {
        guard let rules = exercise.sql, let reference = exercise.solution else {
            throw SQLFailure(message: "\(exercise.key) is not an sql exercise")
        }
        var shown: SQLResult?
        for hidden in [false, true] {
            let got: SQLResult
            switch outcome(answer, rules: rules, dataset: dataset, hidden: hidden) {
            case .success(let outcome): got = outcome.result
            case .failure(let failure):
                    return Verdict(correct: false, reason: hidden ? "on the hidden variant of the dataset: \(failure.message)" : nil, result: nil,
                               failure: hidden ? nil : failure)
            }
            if !hidden { shown = got }
            let expected: SQLResult
            switch outcome(reference, rules: rules, dataset: dataset, hidden: hidden) {
            case .success(let outcome): expected = outcome.result
            case .failure(let failure):
                throw SQLFailure(message: "the reference solution of \(exercise.key) fails: \(failure.message)")
            }
            if let difference = difference(expected: expected, got: got, rules: rules, afterChanges: rules.state != nil) {
                let reason = hidden
                    ? "right on the dataset you see, wrong on a hidden variant with other rows and values: \(difference). Check for values written in by hand, or an order or limit that only happens to work."
                    : difference
                return Verdict(correct: false, reason: reason, result: shown, failure: nil)
            }
        }
        return Verdict(correct: true, reason: nil, result: shown, failure: nil)
    }

    /// What running SQL on a copy of the dataset gave: the result that counts (the state query's,
    /// or the last statement that returns rows), and whether the statements changed data.
    struct Outcome {
        var result: SQLResult
        var changedData: Bool
    }

    static func outcome(_ sql: String, rules: Exercise.SQLRules, dataset: Dataset, hidden: Bool) -> Result<Outcome, SQLFailure> {
        do {
            let sandbox = try dataset.sandbox(variant: hidden)
            let results = try sandbox.run(sql)
            let changed = results.contains { !$0.readOnly }
            if let state = rules.state {
                guard let after = try sandbox.run(state).last(where: \.returnsRows) else {
                    return .failure(SQLFailure(message: "the exercise's state query returns no rows"))
                }
                return .success(Outcome(result: after, changedData: changed))
            }
            guard let last = results.last(where: \.returnsRows) else {
                return .failure(SQLFailure(message: results.isEmpty ? "there is no statement to run" : "nothing here returns rows: the exercise asks for a query (SELECT …)"))
            }
            return .success(Outcome(result: last, changedData: changed))
        } catch {
            return .failure(error)
        }
    }

    /// What differs between the expected result and the learner's, or nil when they match.
    /// `afterChanges`: the results are the state query's, run after the statements.
    static func difference(expected: SQLResult, got: SQLResult, rules: Exercise.SQLRules, afterChanges: Bool = false) -> String? {
        let returns = afterChanges ? "after your statements the check finds" : "it returns"
        if got.leftOut > 0 {
            return "\(returns) more than \(got.rows.count) rows (\(got.rows.count + got.leftOut)); the answer has \(expected.rows.count + expected.leftOut)"
        }
        if got.columns.count != expected.columns.count {
            let names = rules.namedColumns ? " (\(expected.columns.joined(separator: ", ")))" : ""
            return "\(returns) \(count(got.columns.count, "column")); the answer has \(expected.columns.count)\(names)"
        }
        if rules.namedColumns {
            for (index, (want, have)) in zip(expected.columns, got.columns).enumerated() where want.lowercased() != have.lowercased() {
                return "column \(index + 1) is named \(have); the prompt asks for \(want) (AS \(want) names it)"
            }
        }
        if got.rows.count != expected.rows.count {
            var text = "\(returns) \(count(got.rows.count, "row")); the answer has \(expected.rows.count)"
            if got.rows.count < expected.rows.count, let row = unmatched(expected.rows, in: got.rows, rules.tolerance).first {
                text += ". Missing, for example: \(show(row))"
            } else if let row = unmatched(got.rows, in: expected.rows, rules.tolerance).first {
                text += ". Not in the answer, for example: \(show(row))"
            }
            return text
        }
        let missing = unmatched(expected.rows, in: got.rows, rules.tolerance)
        if let row = missing.first {
            let extra = unmatched(got.rows, in: expected.rows, rules.tolerance).first
            var text = "\(count(missing.count, "row")) differ\(missing.count == 1 ? "s" : ""): the answer has \(show(row))"
            if let extra { text += ", yours has \(show(extra))" }
            return text
        }
        if rules.ordered {
            for (index, (want, have)) in zip(expected.rows, got.rows).enumerated() where !same(want, have, rules.tolerance) {
                return "the rows are right but not in the order the prompt asks for: row \(index + 1) should be \(show(want)), yours is \(show(have))"
            }
        }
        return nil
    }

    /// The rows of `rows` that `others` lacks, counting duplicates.
    static func unmatched(_ rows: [[SQLValue]], in others: [[SQLValue]], _ tolerance: Double) -> [[SQLValue]] {
        var available = others
        var missing: [[SQLValue]] = []
        for row in rows {
            if let index = available.firstIndex(where: { same(row, $0, tolerance) }) {
                available.swapAt(index, available.count - 1)
                available.removeLast()
            } else {
                missing.append(row)
            }
        }
        return missing
    }

    static func same(_ a: [SQLValue], _ b: [SQLValue], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { same($0, $1, tolerance) }
    }

    static func same(_ a: SQLValue, _ b: SQLValue, _ tolerance: Double) -> Bool {
        if let x = a.number, let y = b.number {
            return abs(x - y) <= tolerance + 1e-9 * max(abs(x), abs(y))
        }
        return a == b
    }

    static func show(_ row: [SQLValue]) -> String {
        "(" + row.map { value in
            if case .text(let text) = value { return "'" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "'" }
            return value.display
        }.joined(separator: ", ") + ")"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
