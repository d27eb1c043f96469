public import DanCuCore

/// Which days public offices work, for deadlines in working days (ngày làm việc): Monday to Friday,
/// less the public holidays and the days the government gives off around them, plus the weekend days
/// it makes working days in exchange. The days come from a calendar file each year (the government
/// announces Tết and the bridges each year), so the rule here is only the counting.
public struct WorkingCalendar: Sendable {
    public struct Day: Sendable, Equatable {
        public let date: LocalDate
        public let name: String
    }

    /// Weekdays on which offices close.
    public let daysOff: [LocalDate: String]
    /// Weekend days on which offices work (a Saturday swapped for a bridge day).
    public let workingWeekendDays: [LocalDate: String]
    /// The years the file covers; beyond them only weekends are days off.
    public let years: ClosedRange<Int>

    public init(daysOff: [Day], workingWeekendDays: [Day], years: ClosedRange<Int>) {
        self.daysOff = Dictionary(daysOff.map { ($0.date, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.workingWeekendDays = Dictionary(workingWeekendDays.map { ($0.date, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.years = years
    }

    /// Monday is 0, Sunday 6 (1970-01-01 was a Thursday).
    public static func weekday(_ date: LocalDate) -> Int {
        ((date.dayNumber % 7) + 7 + 3) % 7
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if workingWeekendDays[date] != nil { return true }
        if Self.weekday(date) >= 5 { return false }
        return daysOff[date] == nil
    }

    /// The first working day on or after `date`.
    public func workingDay(onOrAfter date: LocalDate) -> LocalDate {
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The day by which work received on `received` and allowed `workingDays` must be done: the
    /// `workingDays`-th working day after the day of receipt, which is not counted. Zero days means the
    /// day of receipt itself (or the next working day, when it was received on a day off).
    public func deadline(receivedOn received: LocalDate, workingDays: Int) -> LocalDate {
        var day = workingDay(onOrAfter: received)
        var left = workingDays
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The working days after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// `date` moved on by `workingDays` working days (used to give back the days an application waited
    /// for its applicant's supplement).
    public func adding(workingDays: Int, to date: LocalDate) -> LocalDate {
        var day = date
        var left = workingDays
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }
}
