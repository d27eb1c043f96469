import DanCuCore

/// Records turned into small integers once, so that comparing two of them is array reads: every name
/// word interned by its folded letters and by its tone key, dates in parts, places as ids.
/// A class, though it never changes: passed around by reference it is one retain, where a struct of
/// twenty arrays was twenty in an unoptimised build, on every one of millions of comparisons.
final class PreparedRecords: Sendable {
    static let missing: Int32 = -1

    let count: Int
    // Name parts: folded-letter ids index `tokens`; tone-key ids only say "same or not".
    let familyFolded: [Int32]
    let familyTone: [Int32]
    let middleFolded: [Int32]
    let givenFolded: [Int32]
    let givenTone: [Int32]
    /// The folded letters of each interned word (or middle-name group).
    let tokens: [[UInt8]]
    /// How many records carry each folded family name and given name (term frequencies).
    let familyCounts: [Int32]
    let givenCounts: [Int32]
    let middleCounts: [Int32]
    /// The whole folded name's id, and how many records carry each (the three parts are not
    /// independent: a people's family, middle and given names come from the same few).
    let fullFolded: [Int32]
    let fullCounts: [Int32]
    /// How many records a name must have to count as a name in common use rather than a slip of the keyboard.
    let commonNameCount: Int32
    // Dates: year 0 when unknown; month and day 0 when unknown.
    let year: [Int16]
    let month: [UInt8]
    let day: [UInt8]
    /// 0 unknown, 1 male, 2 female.
    let sex: [UInt8]
    /// The personal number's digits as a number, and how many digits it had (0: none).
    let personalNumber: [UInt64]
    let personalNumberLength: [UInt8]
    let province: [Int32]
    /// Province and ward together: a ward code is only read within its province.
    let ward: [Int32]

    init(_ records: [LinkageRecord]) {
        var words = WordTable()
        var places: [String: Int32] = [:]
        func place(_ code: String?) -> Int32 {
            guard let code, !code.isEmpty else { return Self.missing }
            if let id = places[code] { return id }
            let id = Int32(places.count)
            places[code] = id
            return id
        }
        let n = records.count
        var familyFolded = [Int32](repeating: Self.missing, count: n)
        var familyTone = familyFolded
        var middleFolded = familyFolded
        var givenFolded = familyFolded
        var givenTone = familyFolded
        var year = [Int16](repeating: 0, count: n)
        var month = [UInt8](repeating: 0, count: n)
        var day = month
        var sex = month
        var personalNumber = [UInt64](repeating: 0, count: n)
        var personalNumberLength = month
        var province = familyFolded
        var ward = familyFolded
        var fullFolded = familyFolded
        var fullIds: [[Int32]: Int32] = [:]
        for (i, record) in records.enumerated() {
            let raw = record.fullName.split(whereSeparator: { $0.isWhitespace })
            if raw.count >= 2, let first = raw.first {
                let w = words.word(first)
                familyFolded[i] = w.folded
                familyTone[i] = w.tone
            }
            if let last = raw.last {
                let w = words.word(last)
                givenFolded[i] = w.folded
                givenTone[i] = w.tone
            }
            if raw.count > 2 {
                middleFolded[i] = words.group(raw[1..<(raw.count - 1)])
            }
            let whole = [familyFolded[i], middleFolded[i], givenFolded[i]]
            if let id = fullIds[whole] {
                fullFolded[i] = id
            } else {
                let id = Int32(fullIds.count)
                fullIds[whole] = id
                fullFolded[i] = id
            }
            if let date = record.dateOfBirth {
                year[i] = Int16(clamping: date.year)
                month[i] = UInt8(clamping: date.month ?? 0)
                day[i] = UInt8(clamping: date.day ?? 0)
            }
            switch record.sex {
            case .male: sex[i] = 1
            case .female: sex[i] = 2
            case nil: sex[i] = 0
            }
            if let digits = record.personalNumber, !digits.isEmpty, digits.utf8.count <= 19, let value = UInt64(digits) {
                personalNumber[i] = value
                personalNumberLength[i] = UInt8(digits.utf8.count)
            }
            let provinceId = place(record.provinceCode)
            province[i] = provinceId
            if let w = record.wardCode, !w.isEmpty { ward[i] = place((record.provinceCode ?? "") + "/" + w) }
        }
        var familyCounts = [Int32](repeating: 0, count: words.tokens.count)
        var givenCounts = familyCounts
        var middleCounts = familyCounts
        for id in familyFolded where id >= 0 { familyCounts[Int(id)] += 1 }
        for id in givenFolded where id >= 0 { givenCounts[Int(id)] += 1 }
        for id in middleFolded where id >= 0 { middleCounts[Int(id)] += 1 }
        var fullCounts = [Int32](repeating: 0, count: fullIds.count)
        for id in fullFolded where id >= 0 { fullCounts[Int(id)] += 1 }
        self.count = n
        self.familyFolded = familyFolded
        self.familyTone = familyTone
        self.middleFolded = middleFolded
        self.givenFolded = givenFolded
        self.givenTone = givenTone
        self.tokens = words.tokens
        self.familyCounts = familyCounts
        self.givenCounts = givenCounts
        self.middleCounts = middleCounts
        self.fullFolded = fullFolded
        self.fullCounts = fullCounts
        commonNameCount = Int32(max(3, n / 200_000))
        self.year = year
        self.month = month
        self.day = day
        self.sex = sex
        self.personalNumber = personalNumber
        self.personalNumberLength = personalNumberLength
        self.province = province
        self.ward = ward
    }

    /// The share of records with this folded family name (at least one record's worth).
    func familyFrequency(_ id: Int32) -> Double {
        guard id >= 0 else { return 1 }
        return Double(max(1, familyCounts[Int(id)])) / Double(max(1, count))
    }

    func fullNameFrequency(_ i: Int) -> Double {
        Double(max(1, fullCounts[Int(fullFolded[i])])) / Double(max(1, count))
    }

    func middleFrequency(_ id: Int32) -> Double {
        guard id >= 0 else { return 1 }
        return Double(max(1, middleCounts[Int(id)])) / Double(max(1, count))
    }

    func givenFrequency(_ id: Int32) -> Double {
        guard id >= 0 else { return 1 }
        return Double(max(1, givenCounts[Int(id)])) / Double(max(1, count))
    }
}

/// Interns name words: each word as written is worked out once (tone key and folded letters), however
/// many records carry it.
struct WordTable {
    private var byText: [Substring: (folded: Int32, tone: Int32)] = [:]
    private var foldedIds: [String: Int32] = [:]
    private var toneIds: [String: Int32] = [:]
    private(set) var tokens: [[UInt8]] = []

    mutating func word(_ text: Substring) -> (folded: Int32, tone: Int32) {
        if let known = byText[text] { return known }
        let folded = fold(VietnameseName.fold(String(text)))
        let key = NameKeys.toneKey(text)
        let tone: Int32
        if let id = toneIds[key] {
            tone = id
        } else {
            tone = Int32(toneIds.count)
            toneIds[key] = tone
        }
        byText[text] = (folded, tone)
        return (folded, tone)
    }

    /// A middle name of one or more words, as one folded token.
    mutating func group(_ words: ArraySlice<Substring>) -> Int32 {
        fold(words.map { VietnameseName.fold(String($0)) }.joined(separator: " "))
    }

    private mutating func fold(_ folded: String) -> Int32 {
        if let id = foldedIds[folded] { return id }
        let id = Int32(tokens.count)
        foldedIds[folded] = id
        tokens.append(Array(folded.utf8))
        return id
    }
}
