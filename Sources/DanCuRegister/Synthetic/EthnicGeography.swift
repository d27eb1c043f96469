import DanCuCore

/// Where Viet Nam's ethnic groups live, as the 2019 census shows it in outline: for each group other
/// than the Kinh, the (pre-2025) provinces that hold most of its people, with rough weights. A group's
/// national total (`ethnic-groups.csv`) is spread over its provinces by these weights; the Kinh are the
/// rest of each province. Approximate, for synthetic data only.
enum EthnicGeography {
    static let homes: [String: [(province: String, weight: Double)]] = [
        "02": [("04", 8), ("20", 10), ("02", 6), ("08", 7), ("06", 4), ("19", 4), ("10", 3), ("15", 3), ("24", 1), ("66", 2), ("68", 0.5)],  // Tày
        "03": [("14", 12), ("40", 6), ("38", 4), ("11", 4), ("12", 3), ("17", 0.8), ("15", 1), ("66", 0.5)],  // Thái
        "04": [("79", 40), ("75", 8), ("94", 5), ("91", 3), ("95", 2), ("01", 1), ("22", 1), ("74", 2), ("92", 1)],  // Hoa
        "05": [("94", 40), ("84", 32), ("91", 21), ("89", 9), ("95", 7), ("96", 1), ("92", 2), ("86", 2)],  // Khơ Me
        "06": [("17", 50), ("38", 36), ("25", 17), ("14", 8), ("37", 4), ("15", 3), ("01", 2)],  // Mường
        "07": [("20", 31), ("04", 16), ("24", 8), ("02", 8), ("19", 6), ("66", 7), ("10", 3), ("67", 3), ("08", 1)],  // Nùng
        "08": [("02", 30), ("11", 26), ("14", 19), ("10", 19), ("12", 13), ("15", 10), ("40", 4), ("04", 5), ("38", 2), ("67", 2)],  // Mông
        "09": [("02", 14), ("08", 9), ("10", 10), ("15", 9), ("22", 6), ("06", 5), ("04", 5), ("12", 5), ("19", 2), ("20", 2), ("17", 2)],  // Dao
        "10": [("64", 48), ("62", 2), ("66", 2)],  // Gia Rai
        "12": [("66", 36), ("54", 2), ("67", 1)],  // Ê Đê
        "13": [("64", 16), ("62", 6), ("52", 1)],  // Ba Na
        "14": [("62", 12), ("49", 5)],  // Xơ Đăng
        "15": [("08", 7), ("19", 5), ("24", 2), ("22", 1)],  // Sán Chay
        "16": [("68", 18), ("60", 1), ("58", 1)],  // Cơ Ho
        "17": [("58", 7), ("60", 4), ("89", 1.5), ("79", 0.5)],  // Chăm
        "18": [("19", 5), ("26", 4), ("24", 3), ("22", 2)],  // Sán Dìu
        "19": [("51", 13), ("52", 1)],  // Hrê
        "20": [("67", 5), ("66", 4), ("68", 1)],  // Mnông
        "21": [("58", 9), ("56", 5)],  // Ra Glai
        "22": [("70", 9), ("72", 0.5)],  // Xtiêng
        "23": [("44", 2), ("45", 6)],  // Bru Vân Kiều
        "24": [("40", 7), ("38", 2)],  // Thổ
        "25": [("10", 4), ("02", 1.5), ("12", 1)],  // Giáy
        "26": [("49", 5), ("46", 2)],  // Cơ Tu
        "27": [("62", 3), ("49", 2)],  // Gié Triêng
        "28": [("68", 4), ("67", 1)],  // Mạ
        "29": [("40", 4), ("11", 2.5), ("14", 2)],  // Khơ Mú
        "30": [("51", 3), ("49", 1)],  // Co
        "31": [("46", 3), ("45", 2)],  // Tà Ôi
        "32": [("75", 2), ("77", 1)],  // Chơ Ro
        "33": [("14", 1), ("12", 0.3)],  // Kháng
        "34": [("14", 2), ("11", 1)],  // Xinh Mun
        "35": [("12", 1), ("11", 0.3), ("10", 0.3)],  // Hà Nhì
        "36": [("68", 2), ("58", 0.5)],  // Chu Ru
        "37": [("11", 1), ("14", 0.5)],  // Lào
        "38": [("02", 1)],  // La Chí
        "39": [("14", 1)],  // La Ha
        "40": [("10", 1), ("14", 0.3)],  // Phù Lá
        "41": [("12", 1)],  // La Hủ
        "42": [("12", 1)],  // Lự
        "43": [("02", 1), ("04", 1)],  // Lô Lô
        "44": [("44", 1)],  // Chứt
        "45": [("12", 1)],  // Mảng
        "46": [("02", 1), ("08", 0.5)],  // Pà Thẻn
        "47": [("02", 1)],  // Cờ Lao
        "48": [("12", 1), ("11", 1)],  // Cống
        "49": [("10", 1), ("02", 0.5)],  // Bố Y
        "50": [("12", 1), ("11", 1)],  // Si La
        "51": [("02", 1)],  // Pu Péo
        "52": [("62", 1)],  // Brâu
        "53": [("40", 1)],  // Ơ Đu
        "54": [("62", 1)],  // Rơ Măm
        "11": [("22", 1), ("24", 1)],  // Ngái
    ]

    /// For each province, its ethnic groups weighted by their people there: each group's national total
    /// spread over its homes, and the Kinh the rest of the province (never less than a tenth of it,
    /// since every province has Kinh towns).
    static func byProvince(population: [String: Int], ethnicities: [Ethnicity]) -> [String: WeightedTable<String>] {
        var people: [String: [(String, Double)]] = [:]
        var minorities: [String: Double] = [:]
        for group in ethnicities where group.code != "01" {
            guard let places = homes[group.code] else { continue }
            let total = places.reduce(0) { $0 + $1.weight }
            for place in places where population[place.province] != nil {
                let count = Double(group.population2019) * place.weight / total
                people[place.province, default: []].append((group.code, count))
                minorities[place.province, default: 0] += count
            }
        }
        var tables: [String: WeightedTable<String>] = [:]
        for (province, total) in population {
            let kinh = max(Double(total) - (minorities[province] ?? 0), Double(total) * 0.1)
            tables[province] = WeightedTable([("01", kinh)] + (people[province] ?? []))
        }
        return tables
    }
}
