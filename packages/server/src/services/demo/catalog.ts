/**
 * The demo company's products: an Indian maker of ayurvedic supplements,
 * personal care and home care. Prices are in paise; QV and CV are set per
 * product by the company (not computed from the price), as real plans do.
 * The starter kit is optional and carries no volume: nobody earns on joining.
 */
export type ProductCategory = 'supplement' | 'personal_care' | 'home_care' | 'starter_kit';

export interface CatalogProduct {
  sku: string;
  category: ProductCategory;
  nameEn: string;
  nameHi: string;
  descriptionEn: string;
  descriptionHi: string;
  /** INR paise. */
  retailPrice: number;
  /** INR paise, what distributors and preferred customers pay. */
  distributorPrice: number;
  qv: number;
  cv: number;
  starterKit: boolean;
}

interface ProductSheet {
  sku: string;
  category: ProductCategory;
  en: [name: string, description: string];
  hi: [name: string, description: string];
  /** Whole rupees: retail, distributor. */
  rupees: [retail: number, distributor: number];
  volume: [qv: number, cv: number];
}

const SHEETS: ProductSheet[] = [
  {
    sku: 'ASH-CAP-60', category: 'supplement',
    en: ['Ashwagandha Capsules (60)', 'Ashwagandha root extract, 500 mg, for stress relief and stamina.'],
    hi: ['अश्वगंधा कैप्सूल (60)', 'अश्वगंधा जड़ का 500 मि.ग्रा. अर्क, तनाव से राहत और ताक़त के लिए।'],
    rupees: [599, 465], volume: [12, 10],
  },
  {
    sku: 'TUL-DRP-30', category: 'supplement',
    en: ['Panch Tulsi Drops 30 ml', 'Five kinds of tulsi in one concentrate; two drops in water or tea.'],
    hi: ['पंच तुलसी ड्रॉप्स 30 मि.ली.', 'पाँच प्रकार की तुलसी का अर्क; पानी या चाय में दो बूँद।'],
    rupees: [249, 195], volume: [5, 4],
  },
  {
    sku: 'CHY-500', category: 'supplement',
    en: ['Chyawanprash 500 g', 'Amla with 40 herbs, a spoonful a day for immunity.'],
    hi: ['च्यवनप्राश 500 ग्राम', 'आंवला और 40 जड़ी-बूटियाँ, रोग-प्रतिरोधक क्षमता के लिए रोज़ एक चम्मच।'],
    rupees: [399, 309], volume: [8, 6.5],
  },
  {
    sku: 'TRI-TAB-120', category: 'supplement',
    en: ['Triphala Tablets (120)', 'Amla, haritaki and bibhitaki for gentle digestion.'],
    hi: ['त्रिफला टैबलेट (120)', 'सहज पाचन के लिए आंवला, हरड़ और बहेड़ा।'],
    rupees: [299, 235], volume: [6, 5],
  },
  {
    sku: 'GIL-CAP-60', category: 'supplement',
    en: ['Giloy Capsules (60)', 'Guduchi stem extract for seasonal wellness.'],
    hi: ['गिलोय कैप्सूल (60)', 'मौसमी स्वास्थ्य के लिए गिलोय के तने का अर्क।'],
    rupees: [449, 349], volume: [9, 7.5],
  },
  {
    sku: 'MOR-TAB-90', category: 'supplement',
    en: ['Moringa Tablets (90)', 'Drumstick leaf powder, rich in iron and calcium.'],
    hi: ['मोरिंगा टैबलेट (90)', 'आयरन और कैल्शियम से भरपूर सहजन की पत्ती का चूर्ण।'],
    rupees: [499, 385], volume: [10, 8],
  },
  {
    sku: 'SHI-RES-20', category: 'supplement',
    en: ['Himalayan Shilajit Resin 20 g', 'Purified shilajit for energy and vitality.'],
    hi: ['हिमालयन शिलाजीत रेज़िन 20 ग्राम', 'ऊर्जा और स्फूर्ति के लिए शुद्ध शिलाजीत।'],
    rupees: [1499, 1149], volume: [30, 25],
  },
  {
    sku: 'HAL-CAP-60', category: 'supplement',
    en: ['Haldi Curcumin Capsules (60)', 'Turmeric extract with black pepper for joint comfort.'],
    hi: ['हल्दी करक्यूमिन कैप्सूल (60)', 'जोड़ों के आराम के लिए काली मिर्च के साथ हल्दी का अर्क।'],
    rupees: [549, 425], volume: [11, 9],
  },
  {
    sku: 'BRA-SYR-200', category: 'supplement',
    en: ['Brahmi Syrup 200 ml', 'Brahmi and shankhpushpi tonic for memory and focus.'],
    hi: ['ब्राह्मी सिरप 200 मि.ली.', 'याददाश्त और एकाग्रता के लिए ब्राह्मी और शंखपुष्पी का टॉनिक।'],
    rupees: [279, 219], volume: [5.5, 4.5],
  },
  {
    sku: 'ALO-JUC-1L', category: 'supplement',
    en: ['Aloe Vera Juice 1 L', 'Cold-pressed aloe vera juice with no added sugar.'],
    hi: ['एलोवेरा जूस 1 लीटर', 'कोल्ड-प्रेस्ड एलोवेरा जूस, बिना अतिरिक्त चीनी।'],
    rupees: [349, 272], volume: [7, 5.5],
  },
  {
    sku: 'AML-JUC-1L', category: 'supplement',
    en: ['Amla Juice 1 L', 'Indian gooseberry juice, a natural source of vitamin C.'],
    hi: ['आंवला जूस 1 लीटर', 'आंवले का रस, विटामिन C का प्राकृतिक स्रोत।'],
    rupees: [299, 232], volume: [6, 5],
  },
  {
    sku: 'KJM-JUC-1L', category: 'supplement',
    en: ['Karela Jamun Juice 1 L', 'Bitter gourd and jamun juice for healthy sugar levels.'],
    hi: ['करेला जामुन जूस 1 लीटर', 'शुगर के स्वस्थ स्तर के लिए करेला और जामुन का रस।'],
    rupees: [329, 255], volume: [6.5, 5],
  },
  {
    sku: 'PRO-VAN-500', category: 'supplement',
    en: ['Plant Protein Vanilla 500 g', 'Pea and rice protein, 24 g per serving.'],
    hi: ['प्लांट प्रोटीन वनीला 500 ग्राम', 'मटर और चावल का प्रोटीन, हर सर्विंग में 24 ग्राम।'],
    rupees: [1899, 1469], volume: [38, 30],
  },
  {
    sku: 'SHT-CAP-60', category: 'supplement',
    en: ['Shatavari Capsules (60)', "Shatavari root for women's wellness."],
    hi: ['शतावरी कैप्सूल (60)', 'महिलाओं के स्वास्थ्य के लिए शतावरी की जड़।'],
    rupees: [499, 389], volume: [10, 8],
  },
  {
    sku: 'NEM-FW-100', category: 'personal_care',
    en: ['Neem Tulsi Face Wash 100 ml', 'Soap-free face wash that clears oil and pimples.'],
    hi: ['नीम तुलसी फेस वॉश 100 मि.ली.', 'साबुन-रहित फेस वॉश, जो तेल और मुँहासे साफ़ करे।'],
    rupees: [199, 155], volume: [4, 3],
  },
  {
    sku: 'KUM-CRM-50', category: 'personal_care',
    en: ['Kumkumadi Face Cream 50 g', 'Saffron night cream for an even skin tone.'],
    hi: ['कुमकुमादि फेस क्रीम 50 ग्राम', 'एक-समान रंगत के लिए केसर वाली नाइट क्रीम।'],
    rupees: [699, 539], volume: [14, 11],
  },
  {
    sku: 'BHR-OIL-200', category: 'personal_care',
    en: ['Bhringraj Hair Oil 200 ml', 'Bhringraj and amla in sesame oil against hair fall.'],
    hi: ['भृंगराज हेयर ऑयल 200 मि.ली.', 'बालों का झड़ना रोकने के लिए तिल के तेल में भृंगराज और आंवला।'],
    rupees: [349, 270], volume: [7, 5.5],
  },
  {
    sku: 'SHK-SHP-250', category: 'personal_care',
    en: ['Shikakai Reetha Shampoo 250 ml', 'Mild herbal shampoo for daily use.'],
    hi: ['शिकाकाई रीठा शैम्पू 250 मि.ली.', 'रोज़ाना इस्तेमाल के लिए सौम्य हर्बल शैम्पू।'],
    rupees: [299, 232], volume: [6, 4.5],
  },
  {
    sku: 'HRB-TP-150', category: 'personal_care',
    en: ['Herbal Toothpaste 150 g', 'Clove, neem and babool for strong gums.'],
    hi: ['हर्बल टूथपेस्ट 150 ग्राम', 'मज़बूत मसूड़ों के लिए लौंग, नीम और बबूल।'],
    rupees: [129, 100], volume: [2.5, 2],
  },
  {
    sku: 'SAN-SOP-4', category: 'personal_care',
    en: ['Sandalwood Soap (pack of 4)', 'Bathing bars with pure sandalwood oil, 4 × 100 g.'],
    hi: ['चंदन साबुन (4 का पैक)', 'शुद्ध चंदन तेल वाले नहाने के साबुन, 4 × 100 ग्राम।'],
    rupees: [240, 186], volume: [5, 4],
  },
  {
    sku: 'ALO-GEL-150', category: 'personal_care',
    en: ['Aloe Vera Gel 150 g', 'Soothing gel for skin and hair.'],
    hi: ['एलोवेरा जेल 150 ग्राम', 'त्वचा और बालों को ठंडक देने वाला जेल।'],
    rupees: [249, 193], volume: [5, 4],
  },
  {
    sku: 'UBT-PCK-100', category: 'personal_care',
    en: ['Ubtan Face Pack 100 g', 'Besan, haldi and sandalwood for a natural glow.'],
    hi: ['उबटन फेस पैक 100 ग्राम', 'प्राकृतिक निखार के लिए बेसन, हल्दी और चंदन।'],
    rupees: [229, 178], volume: [4.5, 3.5],
  },
  {
    sku: 'KSR-LTN-200', category: 'personal_care',
    en: ['Kesar Body Lotion 200 ml', 'Saffron and almond lotion for dry skin.'],
    hi: ['केसर बॉडी लोशन 200 मि.ली.', 'रूखी त्वचा के लिए केसर और बादाम वाला लोशन।'],
    rupees: [379, 295], volume: [7.5, 6],
  },
  {
    sku: 'NEM-DSH-500', category: 'home_care',
    en: ['Neem Dishwash Gel 500 ml', 'Cuts grease, gentle on hands.'],
    hi: ['नीम डिशवॉश जेल 500 मि.ली.', 'चिकनाई हटाए, हाथों पर कोमल।'],
    rupees: [179, 139], volume: [3, 2.5],
  },
  {
    sku: 'PIN-FLR-1L', category: 'home_care',
    en: ['Pine Floor Cleaner 1 L', 'Plant-based disinfectant for floors.'],
    hi: ['पाइन फ़्लोर क्लीनर 1 लीटर', 'फ़र्श के लिए वनस्पति-आधारित कीटाणुनाशक।'],
    rupees: [249, 193], volume: [4.5, 3.5],
  },
  {
    sku: 'LDR-DET-2KG', category: 'home_care',
    en: ['Laundry Detergent Powder 2 kg', 'Enzyme powder for machine and hand wash.'],
    hi: ['लॉन्ड्री डिटर्जेंट पाउडर 2 किलो', 'मशीन और हाथ की धुलाई के लिए एंज़ाइम पाउडर।'],
    rupees: [449, 349], volume: [8, 6],
  },
  {
    sku: 'VEG-WSH-500', category: 'home_care',
    en: ['Fruit and Vegetable Wash 500 ml', 'Removes wax and pesticide residue.'],
    hi: ['फल और सब्ज़ी वॉश 500 मि.ली.', 'मोम और कीटनाशकों के अवशेष हटाए।'],
    rupees: [199, 155], volume: [3.5, 3],
  },
  {
    sku: 'AGR-STK-100', category: 'home_care',
    en: ['Herbal Agarbatti (100 sticks)', 'Charcoal-free incense of flowers and resins.'],
    hi: ['हर्बल अगरबत्ती (100 स्टिक)', 'फूलों और राल से बनी, बिना कोयले की अगरबत्ती।'],
    rupees: [149, 116], volume: [2, 1.5],
  },
  {
    sku: 'MSQ-SPR-100', category: 'home_care',
    en: ['Herbal Mosquito Repellent Spray 100 ml', 'Citronella and neem, safe around children.'],
    hi: ['हर्बल मच्छर भगाने वाला स्प्रे 100 मि.ली.', 'सिट्रोनेला और नीम, बच्चों के आसपास सुरक्षित।'],
    rupees: [229, 178], volume: [4, 3],
  },
  {
    sku: 'TLT-CLN-1L', category: 'home_care',
    en: ['Toilet Cleaner 1 L', 'Thick gel that lifts stains and limescale.'],
    hi: ['टॉयलेट क्लीनर 1 लीटर', 'दाग़ और पानी की जमी परत हटाने वाला गाढ़ा जेल।'],
    rupees: [189, 147], volume: [3, 2.5],
  },
  {
    sku: 'KIT-START', category: 'starter_kit',
    en: ['Business Starter Kit', 'Product catalogue, samples and a business guide. Optional; carries no volume.'],
    hi: ['बिज़नेस स्टार्टर किट', 'उत्पाद सूची, सैंपल और व्यवसाय गाइड। वैकल्पिक; इस पर कोई वॉल्यूम नहीं।'],
    rupees: [999, 779], volume: [0, 0],
  },
];

const PAISE_PER_RUPEE = 100;

function toCatalogProduct(sheet: ProductSheet): CatalogProduct {
  return {
    sku: sheet.sku,
    category: sheet.category,
    nameEn: sheet.en[0],
    nameHi: sheet.hi[0],
    descriptionEn: sheet.en[1],
    descriptionHi: sheet.hi[1],
    retailPrice: sheet.rupees[0] * PAISE_PER_RUPEE,
    distributorPrice: sheet.rupees[1] * PAISE_PER_RUPEE,
    qv: sheet.volume[0],
    cv: sheet.volume[1],
    starterKit: sheet.category === 'starter_kit',
  };
}

export const DEMO_CATALOG: readonly CatalogProduct[] = SHEETS.map(toCatalogProduct);
