import Foundation
import Yams

/// The rules for `Content/projects/<slug>.md`.
struct ProjectRules {
    let skills: Set<String>

    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    static let jsonTypes: Set<String> = ["string", "integer", "number", "boolean", "array", "object", "null"]

    func check(_ document: FrontMatterDocument, _ sink: ProblemSink, slug: String) {
        if !Slug.isValid(slug) { sink.report(1, "slug", "the file name '\(slug)' is not a slug") }
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "level", "skills", "hours", "summary", "milestones", "criteria", "stretch"])
        _ = f.string("title", length: 3...60)
        _ = f.choice("level", Level.self)
        _ = f.int("hours", range: 1...400)
        _ = f.string("summary", length: 1...200)
        if let used = f.slugs("skills", count: 1...12) {
            for skill in used where !skills.contains(skill) {
                sink.report(f.line(of: "skills"), "skills", "'\(skill)' is not a skill\(hint(skill, skills))")
            }
        }
        if let milestones = f.mappings("milestones") {
            if milestones.count < 3 { sink.report(f.line(of: "milestones"), "milestones", "a project has 3 or more milestones; this one has \(milestones.count)") }
            for m in milestones {
                m.rejectUnknownKeys(["title", "done_when"])
                _ = m.string("title")
                _ = m.string("done_when")
            }
        }
        if let criteria = f.mappings("criteria") {
            if criteria.count < 3 { sink.report(f.line(of: "criteria"), "criteria", "a project has 3 or more acceptance criteria; this one has \(criteria.count)") }
            for c in criteria { checkCriterion(c) }
        }
        _ = f.strings("stretch", count: 1...10)
        if document.body.split(whereSeparator: \.isWhitespace).count < 60 {
            sink.report(document.bodyLine, "brief", "the brief below the front matter needs a few paragraphs (at least 60 words)")
        }
    }

    private func checkCriterion(_ c: YAMLFields) {
        c.rejectUnknownKeys(["request", "body", "request_headers", "status", "headers", "shape", "note"])
        if let request = c.string("request") {
            let parts = request.split(separator: " ")
            if parts.count != 2 || !Self.methods.contains(String(parts[0])) || !parts[1].hasPrefix("/") {
                c.sink.report(c.line(of: "request"), c.path + "request", "must be 'METHOD /path', such as 'POST /todos'")
            }
        }
        if let body = c.string("body", required: false), !body.isEmpty,
           (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) == nil {
            c.sink.report(c.line(of: "body"), c.path + "body", "is not valid JSON")
        }
        if c.has("status") {
            _ = c.int("status", range: 100...599)
        } else {
            c.sink.report(c.line, c.path + "status", "is required")
        }
        for key in ["headers", "request_headers"] where c.has(key) {
            if c.node(key)?.mapping == nil { c.sink.report(c.line(of: key), c.path + key, "must be a map of header names to values") }
        }
        if let shape = c.node("shape") {
            if let mapping = shape.mapping {
                for (name, type) in mapping where !Self.jsonTypes.contains(type.string ?? "") {
                    c.sink.report(c.line(of: type), c.path + "shape.\(name.string ?? "?")", "'\(type.string ?? "")' is not a JSON type (\(Self.jsonTypes.sorted().joined(separator: ", ")))")
                }
            } else {
                c.sink.report(c.line(of: "shape"), c.path + "shape", "must be a map of field names to JSON types")
            }
        }
    }
}

/// The rules for `Content/paths/<slug>.md`.
struct PathRules {
    let skills: Set<String>
    let projects: Set<String>

    func check(_ document: FrontMatterDocument, _ sink: ProblemSink) {
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "summary", "levels", "sequence", "tips"])
        _ = f.string("title")
        _ = f.string("summary", length: 1...200)
        var placed: [String: String] = [:]
        if let levels = f.mappings("levels") {
            let ids = levels.map { $0.node("id")?.string ?? "" }
            if ids != Level.allCases.map(\.rawValue) {
                sink.report(f.line(of: "levels"), "levels", "must list the four levels once each, in order: \(Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            for level in levels {
                level.rejectUnknownKeys(["id", "title", "months", "weeks", "goal", "topics", "skills", "projects"])
                let id = level.string("id") ?? "?"
                for key in ["title", "months", "weeks", "goal"] { _ = level.string(key) }
                _ = level.strings("topics", count: 1...20)
                for skill in level.slugs("skills", count: 1...1_000) ?? [] {
                    if !skills.contains(skill) { sink.report(level.line(of: "skills"), level.path + "skills", "'\(skill)' is not a skill\(hint(skill, skills))") }
                    if let other = placed[skill] { sink.report(level.line(of: "skills"), level.path + "skills", "'\(skill)' is already in level \(other)") }
                    placed[skill] = id
                }
                for project in level.slugs("projects", count: 1...200) ?? [] where !projects.contains(project) {
                    sink.report(level.line(of: "projects"), level.path + "projects", "'\(project)' is not a project\(hint(project, projects))")
                }
            }
            for skill in skills.subtracting(placed.keys).sorted() {
                sink.report(f.line(of: "levels"), "levels", "the skill '\(skill)' is in no level")
            }
        }
        if let steps = f.mappings("sequence") {
            for (index, step) in steps.enumerated() {
                step.rejectUnknownKeys(["step", "title", "weeks", "skills", "advice"])
                if let number = step.int("step", range: 1...20), number != index + 1 {
                    sink.report(step.line(of: "step"), step.path + "step", "steps are numbered from 1 in order; expected \(index + 1)")
                }
                _ = step.string("title")
                _ = step.string("weeks")
                _ = step.string("advice")
                for skill in step.slugs("skills", count: 0...20) ?? [] where !skills.contains(skill) {
                    sink.report(step.line(of: "skills"), step.path + "skills", "'\(skill)' is not a skill\(hint(skill, skills))")
                }
            }
        }
        for tip in f.mappings("tips") ?? [] {
            tip.rejectUnknownKeys(["title", "text"])
            _ = tip.string("title")
            _ = tip.string("text")
        }
    }
}

/// The rules for `Content/stacks/` and `Content/technologies/`.
struct CompareRules {
    let isStack: Bool

    static let stackAttributes = ["framework", "language", "database", "orm", "api", "auth", "queue", "testing", "concurrency", "typing", "package-manager", "strengths", "weaknesses", "performance"]
    static let technologyCategories: Set<String> = ["database", "cache", "api-style", "message-broker", "auth-method", "container", "ci", "observability"]

    func check(_ document: FrontMatterDocument, _ sink: ProblemSink, categories: inout [String: (file: String, names: [String])], file: String) {
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "category", "summary", "attributes", "sources"])
        _ = f.string("title")
        _ = f.string("summary", length: 1...200)
        let category = f.string("category")
        if let category {
            if isStack, category != "stack" { sink.report(f.line(of: "category"), "category", "a file under Content/stacks has category 'stack'") }
            if !isStack, !Self.technologyCategories.contains(category) {
                sink.report(f.line(of: "category"), "category", "'\(category)' is not one of: \(Self.technologyCategories.sorted().joined(separator: ", "))")
            }
        }
        var sourceIDs: Set<String> = []
        for source in f.mappings("sources") ?? [] {
            source.rejectUnknownKeys(["id", "title", "url", "date"])
            if let id = source.string("id") { sourceIDs.insert(id) }
            _ = source.string("title")
            if let url = source.string("url"), !url.hasPrefix("https://"), !url.hasPrefix("http://") {
                sink.report(source.line(of: "url"), source.path + "url", "must be an http(s) URL")
            }
            _ = source.string("date")
        }
        guard let attributes = f.node("attributes")?.mapping else {
            sink.report(f.line(of: "attributes"), "attributes", f.has("attributes") ? "must be a map of attribute names to text" : "is required")
            return
        }
        var names: [String] = []
        for (key, value) in attributes {
            let name = key.string ?? ""
            names.append(name)
            guard let text = value.string, value.scalar != nil, !text.isEmpty else {
                sink.report(f.line(of: key), "attributes.\(name)", "must be non-empty text")
                continue
            }
            for cited in Self.citations(in: text) where !sourceIDs.contains(cited) {
                sink.report(f.line(of: key), "attributes.\(name)", "cites [\(cited)], which is not among the sources")
            }
        }
        if isStack, names != Self.stackAttributes {
            sink.report(f.line(of: "attributes"), "attributes", "a stack has exactly these attributes in this order: \(Self.stackAttributes.joined(separator: ", "))")
        }
        if let category {
            if let first = categories[category] {
                if first.names != names {
                    sink.report(f.line(of: "attributes"), "attributes", "must have the same attribute names, in the same order, as \(first.file) (category \(category)): \(first.names.joined(separator: ", "))")
                }
            } else {
                categories[category] = (file, names)
            }
        }
    }

    /// The source ids cited as `[id]` in a value.
    static func citations(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let id = String(after[..<close])
            if Slug.isValid(id) { result.append(id) }
            rest = after[after.index(after: close)...]
        }
        return result
    }
}

/// The rules for `Content/practices/<slug>.md`.
struct PracticeRules {
    static let minimumItems = 6

    func check(_ document: FrontMatterDocument, _ sink: ProblemSink) {
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "summary"])
        _ = f.string("title")
        _ = f.string("summary", length: 1...200)
        let (_, items) = SectionSplitter.split(document.body, firstLine: document.bodyLine)
        if items.count < Self.minimumItems {
            sink.report(document.bodyLine, "items", "a checklist has at least \(Self.minimumItems) items ('## ' sections); this one has \(items.count)")
        }
        for item in items {
            let headings = item.markdown.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { $0.dropFirst(4).trimmingCharacters(in: .whitespaces) }
            if headings != ["Why", "How"] {
                sink.report(item.line, "items", "the item '\(item.title)' needs exactly two subsections, '### Why' then '### How'")
            }
        }
    }
}

func hint(_ name: String, _ known: Set<String>) -> String {
    Suggestions.nearest(to: name, in: known, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
}
