import CEditLine
import Foundation
import TutorKit

/// Tab completion: command names first, then each command's arguments.
enum Completion {
    /// libedit calls back through a C function pointer, which cannot capture context.
    nonisolated(unsafe) private static var catalog: Catalog?
    /// At an SQL prompt: its table and column names, which Tab completes instead of commands.
    nonisolated(unsafe) static var sqlWords: [String]?

    static func install(catalog: Catalog?) {
        Self.catalog = catalog
        tutor_set_readline_name("backend-tutor")
        tutor_set_completion { text, start, _ in
            Completion.complete(text.map { String(cString: $0) } ?? "", start: Int(start))
        }
    }

    /// The candidates for the word being typed, given the line before it.
    static func candidates(line: String, word: String) -> [String] {
        if let sqlWords, !word.hasPrefix("/") {
            // `orders.cu` completes the column after a table's name.
            let bare = word.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? word
            let lead = String(word.dropLast(bare.count))
            return sqlWords.filter { $0.lowercased().hasPrefix(bare.lowercased()) }.map { lead + $0 }
        }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        if words.isEmpty {
            let bare = word.hasPrefix("/") ? String(word.dropFirst()) : word
            return CommandList.names.filter { $0.hasPrefix(bare) }.map { "/" + $0 }
        }
        var name = String(words[0])
        if name.hasPrefix("/") { name.removeFirst() }
        let skills = catalog?.skillSlugs ?? []
        let projects = catalog?.projects.map(\.slug) ?? []
        switch words.last {
        case "--from": return Level.allCases.map(\.rawValue).filter { $0.hasPrefix(word) }
        case "--stack": return Stack.allCases.map(\.rawValue).filter { $0.hasPrefix(word) }
        default: break
        }
        if word.hasPrefix("-") { return [] }
        guard let command = CommandList.command(named: name) else { return [] }
        // projects takes start/check and then a slug; compare takes up to four names.
        if name == "projects", words.count == 2, ["start", "check"].contains(words[1]) {
            return projects.filter { $0.hasPrefix(word) }
        }
        let comparables = catalog?.comparisons.map(\.slug) ?? []
        if name == "compare", words.count <= 4, let catalog {
            return CompareCommand.completions(after: words.dropFirst().map(String.init), prefix: word, in: catalog)
        }
        guard words.count == 1 else { return [] }
        let candidates: [String] = switch command.completion {
        case .skill: skills
        case .command: CommandList.names
        case .learnable: ["backend"] + skills
        case .item: skills + projects
        case .stack: Stack.allCases.map(\.rawValue) + (name == "stack" ? ["all"] : [])
        case .project: Level.allCases.map(\.rawValue) + ["start", "check"] + projects
        case .comparable: comparables
        case .checklist: catalog?.checklists.map(\.slug) ?? []
        case .cohort: CohortCommand.Action.allCases.map(\.rawValue)
        case nil: []
        }
        return candidates.filter { $0.hasPrefix(word) }
    }

    private static func complete(_ text: String, start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        tutor_set_completion_over(1)
        let buffer = tutor_line_buffer().map { String(cString: $0) } ?? ""
        let before = String(buffer.utf8.prefix(start)).map { String($0) } ?? ""
        let matches = candidates(line: before, word: text)
        guard !matches.isEmpty else { return nil }
        var common = matches[0]
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        let all = [common] + matches
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: all.count + 1)
        for (index, item) in all.enumerated() { array[index] = strdup(item) }
        array[all.count] = nil
        return array
    }
}
