public import DanCuCore
import DanCuRegister
import Foundation

/// A file of people shaped like Viet Nam's (households, common names, the register's synthetic
/// population) in which some people appear more than once, each extra record spoilt the way people
/// really spoil them, with the truth beside each record: which person it is. Deterministic by seed.
///
/// The spoiling: diacritics stripped, the old tone placement (Hoà for Hòa) or decomposed text or "Ð"
/// for "Đ", capitals, one-letter typos in a name part, a dropped middle name, day and month swapped,
/// a date known only by its year (or year and month), a mistyped digit in the date, a move to another
/// ward or province, the personal number left out or mistyped. The hard negatives come with the
/// households (same family name, same ward) and with twins (the same date of birth too).
public struct LinkageTestData {
    public struct Row: Sendable {
        public var record: LinkageRecord
        /// The person this record is (their true personal number).
        public var entity: String
    }

    public enum Spoiling: CaseIterable, Sendable {
        case diacriticsStripped, toneVariant, capitals, typo, middleNameDropped, dayMonthSwapped, dateInPart, dateDigit, moved,
            numberLeftOut, numberMistyped
    }

    /// The share of people with at least one more record.
    public var duplicateRate: Double
    /// The share of records that carry a personal number at all.
    public var numberShare: Double
    /// The share of children born with a twin.
    public var twinRate: Double

    private var population: SyntheticPopulation
    private var rng: SplitMix64
    private let reference: ReferenceData
    private var givenNames: [Sex: [String]] = [.male: [], .female: []]

    public init(seed: UInt64, reference: ReferenceData, duplicateRate: Double = 0.1, numberShare: Double = 0.8, twinRate: Double = 0.02) {
        population = SyntheticPopulation(seed: seed, reference: reference)
        rng = SplitMix64(seed: seed ^ 0x5EED_D0C5)
        self.reference = reference
        self.duplicateRate = duplicateRate
        self.numberShare = numberShare
        self.twinRate = twinRate
    }

    static let spoilings = WeightedTable<Spoiling>([
        (.diacriticsStripped, 20), (.toneVariant, 10), (.capitals, 5), (.typo, 22), (.middleNameDropped, 10), (.dayMonthSwapped, 8),
        (.dateInPart, 8), (.dateDigit, 4), (.moved, 12), (.numberLeftOut, 15), (.numberMistyped, 6),
    ])

    /// `count` records, shuffled, with ids R0000001….
    public mutating func rows(count: Int) throws -> [Row] {
        var rows: [Row] = []
        rows.reserveCapacity(count + 16)
        while rows.count < count {
            let (people, _) = try population.nextHousehold()
            for person in people {
                var base = record(of: person)
                remember(person)
                rows.append(contentsOf: withCopies(base))
                if person.dateOfBirth.age(on: population.today) < 18, rng.chance(twinRate) {
                    base = twin(of: base)
                    rows.append(contentsOf: withCopies(base))
                }
            }
        }
        rows.removeLast(rows.count - count)
        for i in stride(from: rows.count - 1, to: 0, by: -1) {
            rows.swapAt(i, rng.int(0...i))
        }
        let width = max(7, String(count).count)
        for i in rows.indices { rows[i].record.recordId = "R" + LocalDate.pad(i + 1, width) }
        return rows
    }

    private mutating func record(of person: Person) -> Row {
        let place = person.currentResidence ?? person.temporaryResidence?.place ?? person.permanentResidence?.place
        let record = LinkageRecord(
            recordId: "", fullName: person.name.fullName, sex: person.sex, dateOfBirth: person.dateOfBirth,
            personalNumber: rng.chance(numberShare) ? person.personalNumber.rawValue : nil,
            provinceCode: place?.provinceCode, wardCode: place?.wardCode)
        return Row(record: record, entity: person.personalNumber.rawValue)
    }

    private mutating func remember(_ person: Person) {
        let given = person.name.given
        guard !given.isEmpty else { return }
        if givenNames[person.sex, default: []].count < 200 {
            givenNames[person.sex, default: []].append(given)
        } else {
            givenNames[person.sex, default: []][rng.int(0...199)] = given
        }
    }

    /// A brother or sister born the same day, at the same home, with a name of their own.
    private mutating func twin(of row: Row) -> Row {
        var twin = row
        let sex: Sex = rng.chance(0.5) ? (row.record.sex ?? .male) : (rng.chance(0.5) ? .male : .female)
        twin.record.sex = sex
        let pool = givenNames[sex, default: []]
        var words = row.record.fullName.split(separator: " ").map(String.init)
        let original = words.last ?? ""
        var given = pool.isEmpty ? original : pool[rng.int(0...(pool.count - 1))]
        for _ in 0..<5 where given == original && !pool.isEmpty { given = pool[rng.int(0...(pool.count - 1))] }
        if words.isEmpty { words = [given] } else { words[words.count - 1] = given }
        twin.record.fullName = words.joined(separator: " ")
        let serial = LocalDate.pad(rng.int(0...999_999), 6)
        let prefix =
            String(row.entity.prefix(3)) + String((sex == .female ? 1 : 0) + 2 * ((row.record.dateOfBirth?.year ?? 2000) >= 2000 ? 1 : 0))
            + String(row.entity.dropFirst(4).prefix(2))
        twin.entity = prefix + serial
        if twin.record.personalNumber != nil { twin.record.personalNumber = twin.entity }
        return twin
    }

    /// The record and, for some people, one to three spoilt copies of it.
    private mutating func withCopies(_ row: Row) -> [Row] {
        guard rng.chance(duplicateRate) else { return [row] }
        let copies = rng.chance(0.8) ? 1 : rng.chance(0.75) ? 2 : 3
        var rows = [row]
        for _ in 0..<copies {
            var copy = row
            if copy.record.personalNumber == nil && rng.chance(numberShare) { copy.record.personalNumber = row.entity }
            let kinds = rng.chance(0.5) ? 1 : rng.chance(0.7) ? 2 : 3
            var done: Set<Spoiling> = []
            while done.count < kinds, let kind = Self.spoilings.pick(&rng) {
                guard !done.contains(kind) else { continue }
                done.insert(kind)
                spoil(&copy.record, kind)
            }
            rows.append(copy)
        }
        return rows
    }

    mutating func spoil(_ record: inout LinkageRecord, _ kind: Spoiling) {
        switch kind {
        case .diacriticsStripped:
            record.fullName = Self.stripped(record.fullName)
        case .toneVariant:
            record.fullName = toneVariant(record.fullName)
        case .capitals:
            record.fullName = record.fullName.uppercased()
        case .typo:
            var words = record.fullName.split(separator: " ").map(String.init)
            guard !words.isEmpty else { return }
            let roll = rng.unit()
            let index = words.count == 1 ? 0 : roll < 0.45 ? words.count - 1 : roll < 0.75 || words.count == 2 ? 0 : rng.int(1...(words.count - 2))
            words[index] = typo(words[index])
            record.fullName = words.joined(separator: " ")
        case .middleNameDropped:
            let words = record.fullName.split(separator: " ")
            guard words.count > 2, let first = words.first, let last = words.last else { return }
            record.fullName = "\(first) \(last)"
        case .dayMonthSwapped:
            guard let d = record.dateOfBirth, let month = d.month, let day = d.day, day <= 12, day != month,
                let swapped = try? PartialDate(year: d.year, month: day, day: month)
            else { return }
            record.dateOfBirth = swapped
        case .dateInPart:
            guard let d = record.dateOfBirth else { return }
            record.dateOfBirth = rng.chance(0.7) ? try? PartialDate(year: d.year) : try? PartialDate(year: d.year, month: d.month)
        case .dateDigit:
            guard let d = record.dateOfBirth, let month = d.month, let day = d.day else { return }
            let newDay = day >= 10 ? (day / 10) * 10 + rng.int(0...9) : rng.int(1...9)
            if let changed = try? PartialDate(year: d.year, month: month, day: max(1, newDay)) { record.dateOfBirth = changed }
        case .moved:
            move(&record)
        case .numberLeftOut:
            record.personalNumber = nil
        case .numberMistyped:
            guard var digits = record.personalNumber.map({ Array($0.utf8) }), digits.count == 12 else { return }
            if rng.chance(0.6) {
                let at = rng.int(3...11)
                digits[at] = UInt8(48 + (Int(digits[at]) - 48 + rng.int(1...9)) % 10)
            } else {
                let at = rng.int(6...10)
                digits.swapAt(at, at + 1)
            }
            record.personalNumber = String(decoding: digits, as: UTF8.self)
        }
    }

    public static func stripped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch s.value {
            case 0x0300...0x036F: continue
            case 0x0110: out.append("D")
            case 0x0111: out.append("d")
            default: out.append(s)
            }
        }
        return String(out)
    }

    static let oldTonePlacement: [(String, String)] = [
        ("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"), ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ"), ("õe", "oẽ"),
        ("ọe", "oẹ"), ("ùy", "uỳ"), ("úy", "uý"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ"),
    ]

    /// The same name as another keyboard or an older habit writes it.
    mutating func toneVariant(_ name: String) -> String {
        for (new, old) in Self.oldTonePlacement where name.contains(new) {
            return name.replacingOccurrences(of: new, with: old)
        }
        if name.contains("Đ"), rng.chance(0.6) { return name.replacingOccurrences(of: "Đ", with: "\u{00D0}") }
        return name.decomposedStringWithCanonicalMapping
    }

    mutating func typo(_ word: String) -> String {
        var letters = Array(word)
        guard letters.count >= 2 else { return word + "h" }
        let alphabet = Array("abcdeghiklmnopqrstuvxy")
        let at = rng.int(1...(letters.count - 1))
        switch rng.int(0...3) {
        case 0:
            var replacement = alphabet[rng.int(0...(alphabet.count - 1))]
            if replacement == letters[at] { replacement = replacement == "a" ? "e" : "a" }
            letters[at] = replacement
        case 1:
            letters.remove(at: at)
        case 2:
            letters.insert(alphabet[rng.int(0...(alphabet.count - 1))], at: at)
        default:
            letters.swapAt(at - 1, at)
            if letters == Array(word) { letters.remove(at: at) }
        }
        return String(letters)
    }

    mutating func move(_ record: inout LinkageRecord) {
        let provinces = reference.units.provinces
        var province = record.provinceCode ?? ""
        if rng.chance(0.3) || province.isEmpty, !provinces.isEmpty { province = provinces[rng.int(0...(provinces.count - 1))].code }
        guard let wards = reference.units.wardsByProvince[province], !wards.isEmpty else { return }
        record.provinceCode = province
        record.wardCode = wards[rng.int(0...(wards.count - 1))].code
    }
}
