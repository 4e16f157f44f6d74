extension SkillCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        switch self {
        case .list(let skills, let progress):
            var blocks: [Block] = [.heading(level: 1, content: [.text("Skills")])]
            for area in Area.allCases {
                let inArea = skills.filter { $0.area == area }
                blocks.append(.heading(level: 2, content: [.text(area.title)]))
                if inArea.isEmpty {
                    blocks.append(.paragraph([.emphasis([.text("No skills in this area yet.")])]))
                    continue
                }
                blocks.append(.list(ordered: false, start: 1, tight: true, items: inArea.map { m in
                    var line: [Inline] = [.strong([.text(m.slug)]), .text(" — \(m.title) (\(m.level.rawValue), \(m.hours) h)")]
                    let state = progress[m.slug]
                    switch state?.status {
                    case .done?: line.append(.emphasis([.text(" · done")]))
                    case .known?: line.append(.emphasis([.text(" · known")]))
                    case .skipped?: line.append(.emphasis([.text(" · skipped")]))
                    case .inProgress?: line.append(.emphasis([.text(" · \(state!.lessonsDone) of \(state!.lessons) lessons")]))
                    case .notStarted?, nil: break
                    }
                    return ListItem(checked: state.map { $0.status.isDone ? true : $0.status == .notStarted ? nil : false } ?? nil, blocks: [.paragraph(line)])
                }))
            }
            return [.document(blocks), .notice(.info, "\(skills.count) skills. Open one with \(p)skill SLUG, such as \(p)skill \(skills.first?.slug ?? "rest-api-design").")]
        case .one(let skill, let mastery, let examples):
            let m = skill.metadata
            var blocks: [OutputBlock] = [.document([.heading(level: 1, content: [.text(m.title)])])]
            blocks.append(.fields([
                Field("Skill", m.slug),
                Field("Area", m.area.title),
                Field("Level", "\(m.level.title) (\(m.level.months))"),
                Field("Study time", "about \(m.hours) hours, \(skill.lessons.count) lessons"),
                Field("Prerequisites", m.prerequisites.isEmpty ? "none" : m.prerequisites.joined(separator: ", ")),
                Field("Tags", m.tags.joined(separator: ", ")),
                Field("Mastery", mastery.map { "\(Mastery.percent($0)) of its quiz answered right at your latest try" }
                    ?? "unknown: \(p)quiz \(m.slug) checks what you know"),
            ]))
            var document: [Block] = [.paragraph([.emphasis([.text(m.summary)])])]
            if !skill.introduction.isEmpty { document += MarkdownParser.parse(skill.introduction).blocks }
            for (index, lesson) in skill.lessons.enumerated() {
                document.append(.heading(level: 2, content: [.text("\(index + 1). \(lesson.title)")]))
                document += MarkdownParser.parse(lesson.markdown).blocks
            }
            for section in [skill.exercises, skill.sources].compactMap({ $0 }) {
                document.append(.heading(level: 2, content: [.text(section.title)]))
                document += MarkdownParser.parse(section.markdown).blocks
            }
            blocks.append(.document(Document(document).examples(examples, prefix: view.prefix)))
            return blocks
        }
    }
}
