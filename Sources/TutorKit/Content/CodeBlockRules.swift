import Foundation
import GRDB
import Yams

/// Checks the code blocks of a Markdown body: fragments are labelled, JSON and YAML parse, and
/// SQL runs in order on a fresh in-memory SQLite database per `##` section.
enum CodeBlockRules {
    static func check(_ body: String, firstLine: Int, sink: ProblemSink) {
        let blocks = CodeBlockScanner.blocks(in: body, firstLine: firstLine)
        let (_, sections) = SectionSplitter.split(body, firstLine: firstLine)
        let sectionStarts = sections.map(\.line)
        var databases: [Int: DatabaseQueue] = [:]
        for block in blocks {
            if block.language.isEmpty {
                sink.report(block.line, "code", "a fenced code block needs a language tag (docs/CONTENT.md lists them)")
                continue
            }
            if block.isFragment {
                let reason = block.attributes.dropFirst("fragment".count)
                if !reason.hasPrefix(":") || reason.dropFirst().trimmingCharacters(in: .whitespaces).isEmpty {
                    sink.report(block.line, "code", "a fragment says why after a colon: '\(block.language) fragment: the reason'")
                }
                continue
            }
            switch block.language {
            case "json":
                if (try? JSONSerialization.jsonObject(with: Data(block.text.utf8), options: [.fragmentsAllowed])) == nil {
                    sink.report(block.line, "code", "this json block does not parse as JSON")
                }
            case "yaml", "yml":
                do {
                    let parser = try Parser(yaml: block.text)
                    while try parser.nextRoot() != nil {}
                } catch {
                    sink.report(block.line + YAMLErrorLine.of(error, base: 0), "code", "this yaml block does not parse: \(YAMLErrorLine.summary(of: error))")
                }
            case "sql":
                let section = sectionStarts.lastIndex { $0 < block.line } ?? -1
                do {
                    let database = try databases[section] ?? DatabaseQueue()
                    databases[section] = database
                    try database.writeWithoutTransaction { try $0.execute(sql: block.text) }
                } catch let error as DatabaseError {
                    sink.report(block.line, "code", "this sql block fails on SQLite: \(error.message ?? error.description) (tag engine-specific SQL 'postgresql' or 'mysql')")
                } catch {
                    sink.report(block.line, "code", "this sql block fails on SQLite: \(error)")
                }
            default:
                break
            }
        }
    }
}
