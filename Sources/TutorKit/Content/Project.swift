import Foundation

/// A project, as `Content/projects/<slug>.md` describes it.
public struct Project: Hashable, Sendable, Codable {
    public struct Milestone: Hashable, Sendable, Codable {
        public var title: String
        public var doneWhen: String
    }

    public var slug: String
    public var title: String
    public var level: Level
    public var skills: [String]
    public var hours: Int
    public var summary: String
    public var milestones: [Milestone]
    public var criteria: [AcceptanceCriterion]
    public var stretch: [String]
    public var brief: String
}

/// A check a program could run against a learner's server.
public struct AcceptanceCriterion: Hashable, Sendable, Codable {
    public var request: String
    public var body: String?
    public var requestHeaders: [String: String]
    public var status: Int
    public var headers: [String: String]
    /// Top-level field names and their JSON types, in file order.
    public var shape: [[String]]
    public var note: String?
}

/// The one reader of `Content/projects/<slug>.md`, for the catalog and lint alike. A project
/// without its title, level, skills, hours, summary or milestones is unusable; other problems
/// are reported with it.
enum ProjectReader {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    static let jsonTypes: Set<String> = ["string", "integer", "number", "boolean", "array", "object", "null"]

    static func read(text: String, slug: String, file: String, references: ContentReferences?, sink: ProblemSink) -> Project? {
        guard let document = FrontMatterDocument.read(text, file: file, sink: sink) else { return nil }
        if !Slug.isValid(slug) { sink.report(1, "slug", "the file name '\(slug)' is not a slug") }
        let f = document.fields(sink)
        f.rejectUnknownKeys(["title", "level", "skills", "hours", "summary", "milestones", "criteria", "stretch"])
        let title = f.string("title", length: 3...60), level = f.choice("level", Level.self)
        let hours = f.int("hours", range: 1...400), summary = f.string("summary", length: 1...200)
        let skills = f.slugs("skills", count: 1...12)
        if let skills, let references {
            for skill in skills where !references.skills.contains(skill) {
                sink.report(f.line(of: "skills"), "skills", "'\(skill)' is not a skill\(Suggestions.hint(skill, references.skills))")
            }
        }
        var milestones: [Project.Milestone] = []
        if let items = f.mappings("milestones") {
            if items.count < 3 { sink.report(f.line(of: "milestones"), "milestones", "a project has 3 or more milestones; this one has \(items.count)") }
            for item in items {
                item.rejectUnknownKeys(["title", "done_when"])
                if let t = item.string("title"), let d = item.string("done_when") { milestones.append(Project.Milestone(title: t, doneWhen: d)) }
            }
        }
        var criteria: [AcceptanceCriterion] = []
        if let items = f.mappings("criteria") {
            if items.count < 3 { sink.report(f.line(of: "criteria"), "criteria", "a project has 3 or more acceptance criteria; this one has \(items.count)") }
            criteria = items.compactMap(readCriterion)
        }
        let stretch = f.strings("stretch", count: 1...10) ?? []
        if document.body.split(whereSeparator: \.isWhitespace).count < 60 {
            sink.report(document.bodyLine, "brief", "the brief below the front matter needs a few paragraphs (at least 60 words)")
        }
        guard let title, let level, let skills, let hours, let summary, !milestones.isEmpty else { return nil }
        return Project(slug: slug, title: title, level: level, skills: skills, hours: hours, summary: summary,
                       milestones: milestones, criteria: criteria, stretch: stretch, brief: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }

    private static func readCriterion(_ c: YAMLFields) -> AcceptanceCriterion? {
        c.rejectUnknownKeys(["request", "body", "request_headers", "status", "headers", "shape", "note"])
        let request = c.string("request")
        if let request {
            let parts = request.split(separator: " ")
            if parts.count != 2 || !methods.contains(String(parts[0])) || !parts[1].hasPrefix("/") {
                c.sink.report(c.line(of: "request"), c.path + "request", "must be 'METHOD /path', such as 'POST /todos'")
            }
        }
        let body = c.string("body", required: false)
        if let body, !body.isEmpty, (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) == nil {
            c.sink.report(c.line(of: "body"), c.path + "body", "is not valid JSON")
        }
        let status = c.int("status", range: 100...599)
        func map(_ key: String) -> [String: String] {
            guard let node = c.node(key) else { return [:] }
            guard let mapping = node.mapping else {
                c.sink.report(c.line(of: key), c.path + key, "must be a map of header names to values")
                return [:]
            }
            var result: [String: String] = [:]
            for (k, v) in mapping { if let name = k.string, let value = v.string { result[name] = value } }
            return result
        }
        let requestHeaders = map("request_headers"), headers = map("headers")
        var shape: [[String]] = []
        if let node = c.node("shape") {
            if let mapping = node.mapping {
                for (name, type) in mapping {
                    guard let field = name.string, let kind = type.string, jsonTypes.contains(kind) else {
                        c.sink.report(c.line(of: type), c.path + "shape.\(name.string ?? "?")", "'\(type.string ?? "")' is not a JSON type (\(jsonTypes.sorted().joined(separator: ", ")))")
                        continue
                    }
                    shape.append([field, kind])
                }
            } else {
                c.sink.report(c.line(of: "shape"), c.path + "shape", "must be a map of field names to JSON types")
            }
        }
        guard let request, let status else { return nil }
        return AcceptanceCriterion(request: request, body: body, requestHeaders: requestHeaders, status: status,
                                   headers: headers, shape: shape, note: c.string("note", required: false))
    }
}
