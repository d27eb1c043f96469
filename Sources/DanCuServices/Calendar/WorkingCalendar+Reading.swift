import DanCuCore
public import Foundation

extension WorkingCalendar {
    /// The calendar bundled with DanCu (Viet Nam's days off as announced, and as the Labour Code
    /// foresees for years not yet announced).
    public static func bundled() throws -> WorkingCalendar {
        guard let url = Bundle.module.url(forResource: "vietnam-working-days", withExtension: "json", subdirectory: "calendar") else {
            throw CatalogueError([CatalogueProblem(file: "vietnam-working-days.json", field: "", reason: "is missing from the build")])
        }
        return try read(Data(contentsOf: url), file: url.lastPathComponent)
    }

    /// Reads a calendar file: `{"years": [FIRST, LAST], "daysOff": [{"date", "name"}], "workingWeekendDays": [...]}`.
    /// Every mistake is named with its field.
    public static func read(_ data: Data, file: String) throws(CatalogueError) -> WorkingCalendar {
        let r = FileReader(file: file)
        guard StrictJSON.trailingComma(in: data) == nil, let document = try? JSONSerialization.jsonObject(with: data) else {
            throw CatalogueError([CatalogueProblem(file: file, field: "", reason: "is not JSON")])
        }
        guard let root = r.object(document, at: "", allowed: ["source", "years", "daysOff", "workingWeekendDays"]) else {
            throw CatalogueError(r.problems)
        }
        _ = r.string(root, "source", at: "", optional: true, maxLength: 2_000)
        let years = r.array(root, "years", at: "", maxCount: 2).compactMap { value, pointer -> Int? in
            guard let n = value as? NSNumber, !FileReader.isBoolean(n), let year = Int(exactly: n.doubleValue), (1975...2200).contains(year) else {
                r.complain(pointer, "must be a year from 1975 to 2200")
                return nil
            }
            return year
        }
        if years.count != 2 || years[0] > years[1] { r.complain("/years", "is [FIRST, LAST], the years the file covers") }
        func days(_ key: String, weekend: Bool) -> [Day] {
            r.array(root, key, at: "", optional: true, maxCount: 2_000).compactMap { value, pointer in
                guard let o = r.object(value, at: pointer, allowed: ["date", "name"]), let text = r.string(o, "date", at: pointer),
                    let name = r.string(o, "name", at: pointer, maxLength: 200)
                else { return nil }
                guard let date = try? LocalDate(iso: text) else {
                    r.complain(pointer + "/date", "'\(text.prefix(20))' is not a date YYYY-MM-DD")
                    return nil
                }
                if years.count == 2, !(years[0]...years[1]).contains(date.year) { r.complain(pointer + "/date", "lies outside the years the file covers") }
                if (WorkingCalendar.weekday(date) >= 5) != weekend {
                    r.complain(pointer + "/date", weekend ? "\(text) is not a Saturday or Sunday" : "\(text) falls on a weekend, which is a day off anyway")
                }
                return Day(date: date, name: name)
            }
        }
        let off = days("daysOff", weekend: false)
        let working = days("workingWeekendDays", weekend: true)
        guard r.problems.isEmpty, years.count == 2 else { throw CatalogueError(r.problems) }
        return WorkingCalendar(daysOff: off, workingWeekendDays: working, years: years[0]...years[1])
    }
}
