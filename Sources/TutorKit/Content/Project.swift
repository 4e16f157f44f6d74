import Foundation
import Yams

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
    /// Environment variables `verify --run` gives the learner's server (a quota the criteria count on).
    public var env: [String: String] = [:]
    /// The service the learner's server calls, which the verifier plays.
    public var upstream: Upstream?

    public struct Upstream: Hashable, Sendable, Codable {
        public struct Route: Hashable, Sendable, Codable {
            public var method: String
            public var path: String
            /// Query parameters the request must carry, compared without regard to case.
            public var query: [String: String]
            public var status: Int
            public var headers: [String: String]
            public var body: String
        }
        /// The variable the learner's server reads the service's address from.
        public var env: String
        public var routes: [Route]
    }
    public var stretch: [String]
    public var brief: String

    /// What the path and the bars need of it.
    public var outline: ProjectOutline {
        ProjectOutline(slug: slug, title: title, level: level, skills: skills, hours: hours, milestones: milestones.map(\.title))
    }

    /// The project as the content cache keeps it: what lists and pages need.
    var withoutCriteria: Project {
        var trimmed = self
        trimmed.criteria = []
        trimmed.upstream = nil
        return trimmed
    }
}

/// A project's title, level, skills, hours and milestone titles: all the path, the bars and the
/// descriptions of items need, kept apart so that they need not decode every project's brief.
public struct ProjectOutline: Hashable, Sendable, Codable {
    public var slug: String
    public var title: String
    public var level: Level
    public var skills: [String]
    public var hours: Int
    public var milestones: [String]
}

/// One request `projects verify` sends to the learner's server, and what its response must be.
/// docs/CONTENT.md ("Acceptance criteria") describes each field.
public struct AcceptanceCriterion: Hashable, Sendable, Codable {
    /// A lesson to reread: a skill and a lesson number from 1.
    public struct LessonRef: Hashable, Sendable, Codable {
        public var skill: String
        public var number: Int

        /// `rest-api-design 5`, as criteria write it and `/goto` takes it.
        public var text: String { "\(skill) \(number)" }
    }

    /// A check on the JSON body at a pointer.
    public struct JSONCheck: Hashable, Sendable, Codable {
        public enum Operator: String, Hashable, Sendable, Codable, CaseIterable {
            case equals, notEquals = "not_equals", contains, matches, greaterThan = "greater_than", lessThan = "less_than", length, type
        }
        public var pointer: String
        public var op: Operator
        public var value: JSONValue
    }

    /// A value kept for later criteria as `{name}`.
    public struct Capture: Hashable, Sendable, Codable {
        public enum Source: Hashable, Sendable, Codable {
            case pointer(String)
            case header(String)
        }
        public var name: String
        public var source: Source
    }

    /// Asynchronous work: the request is sent again until the checks pass.
    public struct Poll: Hashable, Sendable, Codable {
        public var times: Int
        public var delayMilliseconds: Int
    }

    /// The same request sent `count` times at once.
    public struct Concurrency: Hashable, Sendable, Codable {
        public var count: Int
        public var succeed: Int
        public var others: [Int]
        /// A pointer whose value every passing response must share (one payment, not several).
        public var same: String?
        /// The length of the server's quota window in seconds: the requests go out well inside
        /// one window of the clock, since a window that starts on the minute would let twice the
        /// quota through a burst that straddles its end.
        public var windowSeconds: Int?
    }

    public var milestone: Int?
    public var lesson: LessonRef?
    public var request: String
    public var body: String?
    /// Sent exactly as written: malformed input.
    public var rawBody: String?
    /// A JSON body of this many bytes, made up: input limits.
    public var bodySize: Int?
    public var requestHeaders: [String: String]
    /// The acceptable status codes.
    public var status: [Int]
    public var headers: [String: String]
    public var absentHeaders: [String]
    /// Top-level field names and their JSON types, in file order.
    public var shape: [[String]]
    public var json: [JSONCheck]
    public var absent: [String]
    public var captures: [Capture]
    public var until: Poll?
    public var concurrent: Concurrency?
    /// How the played upstream behaves during this criterion.
    public var upstream: UpstreamBehaviour?
    /// How many calls the upstream must get during this criterion.
    public var upstreamCalls: Int?
    /// A WebSocket conversation on the upgraded request, in order.
    public var webSocket: [WebSocketStep] = []

    public enum WebSocketStep: Hashable, Sendable, Codable {
        /// Another connection to the same address, for broadcasts.
        case connect(name: String)
        case send(text: String, on: String)
        /// The next message on a connection must arrive within the time and pass the checks.
        case receive(withinMilliseconds: Int, json: [JSONCheck], contains: String?, on: String)
    }

    public struct UpstreamBehaviour: Hashable, Sendable, Codable {
        /// Answer every call with this status.
        public var status: Int?
        /// Close every connection without an answer.
        public var close: Bool
        /// Answer this late.
        public var delayMilliseconds: Int?
    }
    public var restart: Bool
    public var note: String?

    public var method: String { String(request.prefix { $0 != " " }) }
    public var target: String { String(request.drop { $0 != " " }.dropFirst()) }
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
        f.rejectUnknownKeys(["title", "level", "skills", "hours", "summary", "milestones", "criteria", "env", "upstream", "stretch"])
        var upstream: Project.Upstream?
        if let fields = f.nested("upstream", form: "{env: NAME, routes: [...]}") {
            fields.rejectUnknownKeys(["env", "routes"])
            var routes: [Project.Upstream.Route] = []
            for route in fields.mappings("routes") ?? [] {
                route.rejectUnknownKeys(["request", "query", "status", "headers", "body"])
                guard let request = route.string("request"), let status = route.int("status", range: 100...599) else { continue }
                let parts = request.split(separator: " ")
                guard parts.count == 2, parts[1].hasPrefix("/") else {
                    sink.report(route.line(of: "request"), route.path + "request", "must be 'METHOD /path'")
                    continue
                }
                let body = route.string("body", required: false) ?? ""
                if !body.isEmpty, JSONValue.parse(Data(body.utf8)) == nil { sink.report(route.line(of: "body"), route.path + "body", "is not valid JSON") }
                routes.append(.init(method: String(parts[0]), path: String(parts[1]), query: route.textMap("query", of: "parameter names to values"),
                                    status: status, headers: route.textMap("headers", of: "header names to values"), body: body))
            }
            if let name = fields.string("env"), Placeholders.isName(name) {
                upstream = .init(env: name, routes: routes)
            } else {
                sink.report(fields.line(of: "env"), "upstream.env", "names the variable your server reads the service's address from")
            }
        }
        let env = f.textMap("env", of: "variable names to values")
        for name in env.keys where !Placeholders.isName(name) {
            sink.report(f.line(of: "env"), "env", "'\(name)' is not a variable name (letters, digits, _)")
        }
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
            criteria = items.compactMap { readCriterion($0, milestones: milestones.count, references: references) }
        }
        let stretch = f.strings("stretch", count: 1...10) ?? []
        if document.body.split(whereSeparator: \.isWhitespace).count < 60 {
            sink.report(document.bodyLine, "brief", "the brief below the front matter needs a few paragraphs (at least 60 words)")
        }
        guard let title, let level, let skills, let hours, let summary, !milestones.isEmpty else { return nil }
        return Project(slug: slug, title: title, level: level, skills: skills, hours: hours, summary: summary,
                       milestones: milestones, criteria: criteria, env: env, upstream: upstream, stretch: stretch, brief: SectionSplitter.trimmedNewlines(Substring(document.body)))
    }

    static let criterionKeys: Set<String> = [
        "milestone", "lesson", "request", "body", "raw_body", "body_size", "request_headers", "status", "headers", "absent_headers",
        "shape", "json", "absent", "capture", "until", "concurrent", "restart", "note", "upstream", "upstream_calls", "websocket",
    ]

    /// The steps an exercise's `check` may not use: they need a project around them.
    static let projectOnlyKeys: Set<String> = ["milestone", "restart", "upstream", "upstream_calls", "websocket"]

    /// One criterion; `milestones` is nil for an exercise's check step, which has none.
    static func readCriterion(_ c: YAMLFields, milestones: Int?, references: ContentReferences?) -> AcceptanceCriterion? {
        c.rejectUnknownKeys(milestones == nil ? criterionKeys.subtracting(projectOnlyKeys) : criterionKeys)
        let request = c.string("request")
        if let request {
            let parts = request.split(separator: " ")
            let method = parts.first.map(String.init) ?? ""
            if parts.count != 2 || method.isEmpty || !method.allSatisfy({ $0.isUppercase && $0.isASCII }) || !parts[1].hasPrefix("/") {
                c.sink.report(c.line(of: "request"), c.path + "request", "must be 'METHOD /path', such as 'POST /todos'")
            }
        }
        var milestone: Int?
        if let milestones, c.has("milestone") {
            milestone = c.int("milestone", range: 1...max(milestones, 1))
        } else if milestones != nil {
            c.sink.report(c.line, c.path + "milestone", "is required: the number of the milestone this criterion proves")
        }
        var lesson: AcceptanceCriterion.LessonRef?
        if let text = c.string("lesson", required: false) {
            let parts = text.split(separator: " ")
            if parts.count == 2, let number = Int(parts[1]), number >= 1, Slug.isValid(String(parts[0])) {
                lesson = .init(skill: String(parts[0]), number: number)
                if let references, !references.skills.contains(String(parts[0])) {
                    c.sink.report(c.line(of: "lesson"), c.path + "lesson", "'\(parts[0])' is not a skill\(Suggestions.hint(String(parts[0]), references.skills))")
                }
            } else {
                c.sink.report(c.line(of: "lesson"), c.path + "lesson", "must be a skill and a lesson number, such as 'rest-api-design 5'")
            }
        }
        let body = c.string("body", required: false)
        if let body, !body.isEmpty, JSONValue.parse(Data(Placeholders.neutral(body).utf8)) == nil {
            c.sink.report(c.line(of: "body"), c.path + "body", "is not valid JSON (send malformed input with raw_body)")
        }
        let rawBody = c.node("raw_body").flatMap { $0.scalar?.string }
        let bodySize = c.has("body_size") ? c.int("body_size", range: 16...(64 << 20)) : nil
        if [body != nil, rawBody != nil, c.has("body_size")].filter({ $0 }).count > 1 {
            c.sink.report(c.line, c.path + "body", "a criterion sends one of body, raw_body and body_size")
        }
        var status: [Int] = []
        if let node = c.node("status") {
            let values = node.sequence.map { Array($0) } ?? [node]
            for value in values {
                if let code = value.int, (100...599).contains(code) { status.append(code) } else {
                    c.sink.report(c.line(of: "status"), c.path + "status", "must be a status code from 100 to 599, or a list of them")
                }
            }
        } else {
            c.sink.report(c.line, c.path + "status", "is required")
        }
        let requestHeaders = c.textMap("request_headers", of: "header names to values"), headers = c.textMap("headers", of: "header names to values")
        let absentHeaders = c.strings("absent_headers", required: false) ?? []
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
        let checks = (c.mappings("json", required: false) ?? []).compactMap(readCheck)
        let absent = c.strings("absent", required: false) ?? []
        for pointer in absent where !pointer.hasPrefix("/") {
            c.sink.report(c.line(of: "absent"), c.path + "absent", "'\(pointer)' is not a JSON pointer (they start with /)")
        }
        var captures: [AcceptanceCriterion.Capture] = []
        if let node = c.node("capture") {
            if let mapping = node.mapping {
                for (name, source) in mapping {
                    guard let key = name.string, Placeholders.isName(key), let text = source.string?.trimmedWhitespace else {
                        c.sink.report(c.line(of: source), c.path + "capture", "each capture is a name (letters, digits, _) and a JSON pointer or 'header NAME'")
                        continue
                    }
                    if text.lowercased().hasPrefix("header ") {
                        captures.append(.init(name: key, source: .header(String(text.dropFirst(7)).trimmedWhitespace)))
                    } else if text.hasPrefix("/") || text.isEmpty {
                        captures.append(.init(name: key, source: .pointer(text)))
                    } else {
                        c.sink.report(c.line(of: source), c.path + "capture.\(key)", "'\(text)' is neither a JSON pointer nor 'header NAME'")
                    }
                }
            } else {
                c.sink.report(c.line(of: "capture"), c.path + "capture", "must be a map of names to JSON pointers or 'header NAME'")
            }
        }
        var until: AcceptanceCriterion.Poll?
        if let fields = c.nested("until", form: "{times: N, delay_ms: MS}") {
            fields.rejectUnknownKeys(["times", "delay_ms"])
            if let times = fields.int("times", range: 1...100), let delay = fields.int("delay_ms", range: 0...10_000) {
                until = .init(times: times, delayMilliseconds: delay)
            }
        }
        var concurrent: AcceptanceCriterion.Concurrency?
        if let fields = c.nested("concurrent", form: "{count: N, succeed: M, others: [codes]}") {
            fields.rejectUnknownKeys(["count", "succeed", "others", "same", "window_seconds"])
            let window = fields.node("window_seconds") == nil ? nil : fields.int("window_seconds", range: 10...3600)
            let same = fields.string("same", required: false)
            if let same, !same.hasPrefix("/") { c.sink.report(c.line(of: "concurrent"), c.path + "concurrent.same", "'\(same)' is not a JSON pointer") }
            let others = (fields.node("others")?.sequence.map { Array($0) } ?? []).compactMap(\.int)
            if let count = fields.int("count", range: 2...50), let succeed = fields.int("succeed", range: 0...50) {
                if succeed > count { c.sink.report(c.line(of: "concurrent"), c.path + "concurrent", "succeed cannot be more than count") }
                concurrent = .init(count: count, succeed: succeed, others: others, same: same, windowSeconds: window)
            }
        }
        var upstream: AcceptanceCriterion.UpstreamBehaviour?
        if let fields = c.nested("upstream", form: "{fail: STATUS or close, delay_ms: MS}") {
            fields.rejectUnknownKeys(["fail", "delay_ms"])
            let fail = fields.node("fail")
            let status = fail?.int
            let close = fail?.string == "close"
            if let fail, status == nil, !close { c.sink.report(c.line(of: fail), c.path + "upstream.fail", "must be a status code or close") }
            let delay = fields.has("delay_ms") ? fields.int("delay_ms", range: 0...30_000) : nil
            upstream = .init(status: status, close: close, delayMilliseconds: delay)
        }
        let upstreamCalls = c.has("upstream_calls") ? c.int("upstream_calls", range: 0...1000) : nil
        var webSocket: [AcceptanceCriterion.WebSocketStep] = []
        var connections: Set<String> = ["main"]
        for step in c.mappings("websocket", required: false) ?? [] {
            step.rejectUnknownKeys(["connect", "send", "receive", "on"])
            let on = step.string("on", required: false) ?? "main"
            if !connections.contains(on) { step.sink.report(step.line(of: "on"), step.path + "on", "'\(on)' is no connection opened before (main, or a connect step's name)") }
            if let name = step.string("connect", required: false) {
                connections.insert(name)
                webSocket.append(.connect(name: name))
            } else if let text = step.node("send")?.scalar?.string {
                webSocket.append(.send(text: text, on: on))
            } else if step.has("receive") {
                let fields = step.nested("receive", form: "{within_ms: MS, json: [...], contains: TEXT}")
                fields?.rejectUnknownKeys(["within_ms", "json", "contains"])
                let within = fields.flatMap { $0.has("within_ms") ? $0.int("within_ms", range: 1...60_000) : nil } ?? 2000
                let checks = (fields?.mappings("json", required: false) ?? []).compactMap(readCheck)
                webSocket.append(.receive(withinMilliseconds: within, json: checks, contains: fields?.string("contains", required: false), on: on))
            } else {
                step.sink.report(step.line, step.path + "step", "each WebSocket step is connect: NAME, send: TEXT or receive: {within_ms, json, contains}")
            }
        }
        if !webSocket.isEmpty, c.node("status")?.int != 101 {
            c.sink.report(c.line(of: "status"), c.path + "status", "a WebSocket criterion expects 101 Switching Protocols")
        }
        let restart = c.node("restart").flatMap(YAMLFields.bool) ?? false
        if c.has("restart"), c.node("restart").flatMap(YAMLFields.bool) == nil { c.sink.report(c.line(of: "restart"), c.path + "restart", "must be true or false") }
        guard let request, !status.isEmpty else { return nil }
        return AcceptanceCriterion(milestone: milestone, lesson: lesson, request: request, body: body, rawBody: rawBody, bodySize: bodySize, requestHeaders: requestHeaders,
                                   status: status, headers: headers, absentHeaders: absentHeaders, shape: shape, json: checks, absent: absent,
                                   captures: captures, until: until, concurrent: concurrent, upstream: upstream, upstreamCalls: upstreamCalls, webSocket: webSocket,
                                   restart: restart, note: c.string("note", required: false))
    }

    private static func readCheck(_ item: YAMLFields) -> AcceptanceCriterion.JSONCheck? {
        let operators = AcceptanceCriterion.JSONCheck.Operator.allCases
        item.rejectUnknownKeys(Set(["pointer"] + operators.map(\.rawValue)))
        guard let pointer = item.node("pointer")?.string else {
            item.sink.report(item.line, item.path + "pointer", "is required: a JSON pointer such as /items/0/title")
            return nil
        }
        if !pointer.isEmpty, !pointer.hasPrefix("/") {
            item.sink.report(item.line(of: "pointer"), item.path + "pointer", "'\(pointer)' is not a JSON pointer (they start with /)")
        }
        let given = operators.filter { item.has($0.rawValue) }
        guard given.count == 1, let op = given.first, let node = item.node(op.rawValue) else {
            item.sink.report(item.line, item.path + "operator", "each check has exactly one of: \(operators.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let value = JSONValue(yaml: node)
        switch op {
        case .greaterThan, .lessThan, .length:
            guard case .number = value else {
                item.sink.report(item.line(of: op.rawValue), item.path + op.rawValue, "must be a number")
                return nil
            }
        case .matches:
            guard case .string(let pattern) = value, (try? NSRegularExpression(pattern: pattern)) != nil else {
                item.sink.report(item.line(of: op.rawValue), item.path + op.rawValue, "must be a regular expression")
                return nil
            }
        case .type:
            guard case .string(let name) = value, jsonTypes.contains(name) else {
                item.sink.report(item.line(of: op.rawValue), item.path + op.rawValue, "must be a JSON type (\(jsonTypes.sorted().joined(separator: ", ")))")
                return nil
            }
        case .equals, .notEquals, .contains:
            break
        }
        return .init(pointer: pointer, op: op, value: value)
    }
}

extension JSONValue {
    /// A YAML value as JSON: quoted scalars stay strings, plain ones are read as YAML reads them.
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { self = .null; return }
                if let bool = YAMLFields.bool(node) { self = .bool(bool); return }
                if let int = node.int { self = .number(Double(int)); return }
                if let float = node.float { self = .number(float); return }
            }
            self = .string(scalar.string)
        case .sequence(let sequence):
            self = .array(sequence.map { JSONValue(yaml: $0) })
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping { members[key.string ?? ""] = JSONValue(yaml: value) }
            self = .object(members)
        case .alias:
            self = .null
        }
    }
}
