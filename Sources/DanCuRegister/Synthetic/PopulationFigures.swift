import DanCuCore
import Foundation

/// The shape of Viet Nam's population the synthetic generator follows: the 2019 census's age pyramid,
/// marital status by age and sex, deaths by age, and mobile number blocks in use. Approximate figures,
/// for realistic test and demo data only.
enum PopulationFigures {
    /// Share of the population in each five-year age group, both sexes, in percent (2019 census,
    /// completed results, General Statistics Office): 24.3 % under 15, 7.7 % aged 65 and over.
    static let ageGroups: [Double] = [8.3, 8.3, 7.7, 6.7, 7.0, 8.2, 8.5, 7.9, 7.2, 6.6, 6.0, 5.2, 4.3, 3.0, 1.7, 1.2, 0.9, 0.5, 0.3, 0.1]

    /// The weight of one year of age in the pyramid (uniform within its group, none from 100).
    static func weight(ofAge age: Int) -> Double {
        guard age >= 0 else { return 0 }
        let group = age / 5
        return group < ageGroups.count ? ageGroups[group] / 5 : 0
    }

    /// Probability of never having married by age and sex, shaped on the GSO's 2019–2020 figures (about
    /// 23 % of people 15 and over; singulate mean age at marriage about 27 for men and 23 for women).
    static func neverMarried(age: Int, sex: Sex) -> Double {
        let table: [(upTo: Int, male: Double, female: Double)] = [
            (17, 1.0, 0.99), (19, 0.99, 0.88), (24, 0.82, 0.50), (29, 0.42, 0.20), (34, 0.15, 0.09),
            (39, 0.07, 0.06), (49, 0.04, 0.05), (200, 0.02, 0.04),
        ]
        let row = table.first { age <= $0.upTo } ?? table[table.count - 1]
        return sex == .male ? row.male : row.female
    }

    /// Probability that someone who married is widowed, by age and sex: women outlive their husbands
    /// and remarry less (GSO 2020: 11 % of women and 2 % of men 15 and over are widowed).
    static func widowed(age: Int, sex: Sex) -> Double {
        let table: [(upTo: Int, male: Double, female: Double)] = [
            (39, 0.002, 0.01), (49, 0.006, 0.03), (59, 0.02, 0.09), (69, 0.05, 0.22), (79, 0.13, 0.45), (200, 0.30, 0.75),
        ]
        let row = table.first { age <= $0.upTo } ?? table[table.count - 1]
        return sex == .male ? row.male : row.female
    }

    /// Probability that someone who married and was not widowed is divorced or separated (GSO 2020:
    /// 2.6 % of women and 1.8 % of men 15 and over, more in the south).
    static func divorced(age: Int, sex: Sex) -> Double {
        guard age >= 22 else { return 0.005 }
        return sex == .male ? (age < 60 ? 0.028 : 0.015) : (age < 60 ? 0.04 : 0.025)
    }

    /// Yearly probability of dying at an age: a Gompertz–Makeham curve with an infant peak, which
    /// gives a life expectancy at birth of about 73.6 years (GSO 2019).
    static func yearlyDeath(age: Int) -> Double {
        if age == 0 { return 0.014 }
        if age < 5 { return 0.0008 }
        let base = 0.0006 + 0.000045 * exp(0.094 * Double(age))
        return min(0.45, base)
    }

    /// The three-digit mobile prefixes allocated to networks since the 2018 renumbering (Viettel,
    /// VinaPhone, MobiFone, Vietnamobile, Gmobile), by rough market share.
    static let mobilePrefixes = WeightedTable<String>([
        ("086", 4), ("096", 7), ("097", 8), ("098", 8), ("032", 3), ("033", 3), ("034", 3), ("035", 3), ("036", 3), ("037", 3),
        ("038", 3), ("039", 3), ("088", 3), ("091", 5), ("094", 4), ("081", 2), ("082", 2), ("083", 2), ("084", 2), ("085", 2),
        ("089", 2), ("090", 5), ("093", 4), ("070", 2), ("076", 1), ("077", 2), ("078", 1), ("079", 2), ("092", 1), ("056", 1),
        ("058", 1), ("099", 0.5), ("059", 0.5),
    ])
}
