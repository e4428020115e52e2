import type { FrameworkDefinition } from './framework-definition';

/**
 * KommunKompassen as revised in 2010 (SKL with its Nordic partners): eight areas of 100 points each.
 * Titles, questions and max points are those printed in the score tables of a published report
 * (section 4, "Översikt av poängfördelning"); the topics are each area's "Rubriker" (section 3).
 */
export const KOMMUNKOMPASSEN_2010: FrameworkDefinition = {
  key: 'kommunkompassen-2010',
  name: 'KommunKompassen 2010',
  areas: [
    {
      number: 1,
      title: 'Offentlighet och demokrati',
      topics: [
        'Strategi för demokratiutveckling och information',
        'Information till medborgare',
        'Dialog och medborgarmedverkan',
        'Etik – motverkan av korruption',
      ],
      questions: [
        { code: '1.1', text: 'Finns en plan/strategi för demokratiutveckling och information?', maxPoints: 15 },
        { code: '1.2', text: 'Hur informeras medborgarna?', maxPoints: 20 },
        { code: '1.3', text: 'Hur informeras medborgarna om resultat', maxPoints: 25 },
        { code: '1.4', text: 'Hur främjas medborgardialog och deltagande', maxPoints: 30 },
        { code: '1.5', text: 'Etik - hur hantera korruption?', maxPoints: 10 },
      ],
    },
    {
      number: 2,
      title: 'Tillgänglighet och brukarorientering',
      topics: [
        'Strategi för brukarorientering',
        'Tillgänglighet och bemötande',
        'Information om service och tjänster',
        'Valfrihet',
        'Brukarundersökningar',
        'Deklarationer och synpunkts-/klagomålshantering',
      ],
      questions: [
        { code: '2.1', text: 'Finns det en kommunövergripande strategi för brukarorientering', maxPoints: 15 },
        { code: '2.2', text: 'Hur arbetar kommunen med tillgänglighet och bemötande?', maxPoints: 25 },
        { code: '2.3', text: 'Hur Informerar kommunen om service och tjänster?', maxPoints: 15 },
        { code: '2.4', text: 'Hur arbetar kommunen med valfrihet och brukarens påverkan på serviceutbudet?', maxPoints: 15 },
        { code: '2.5', text: 'Hur arbetar kommunen med brukarundersökningar?', maxPoints: 15 },
        {
          code: '2.6',
          text: 'Hur arbetar kommunen med system för service-/kvalitetsdeklarationer, samt synpunkts- och klagomåls-hantering för medborgare/brukare?',
          maxPoints: 15,
        },
      ],
    },
    {
      number: 3,
      title: 'Politisk styrning och kontroll',
      topics: [
        'System för styrning och uppföljning',
        'Politiska mål',
        'Uppföljning och rapportering',
        'Ansvarsfördelning politiker/tjänstemän',
        'Samspel och dialog',
      ],
      questions: [
        { code: '3.1', text: 'Genomsyras hela organisationen av ett helhetstänkande avseende styrning/uppföljning?', maxPoints: 15 },
        { code: '3.2', text: 'Styrs kommunen av tydliga politiska mål', maxPoints: 25 },
        {
          code: '3.3',
          text: 'Hur rapporterar förvaltningen till den politiska nivån och vilka möjligheter har politikerna att utöva tillsyn över förvaltningen?',
          maxPoints: 25,
        },
        { code: '3.4', text: 'Hur är delegation och ansvarsfördelning mellan politisk och tjänstemannanivå?', maxPoints: 20 },
        {
          code: '3.5',
          text: 'Hur främjas den ömsesidiga förståelsen av uppgifter, roller och spelregler mellan politiker och tjänstemän',
          maxPoints: 15,
        },
      ],
    },
    {
      number: 4,
      title: 'Ledarskap, ansvar och delegation',
      topics: [
        'Strategi för ledarskap, ansvar och delegation',
        'Enheternas ansvar',
        'Tvärsektoriellt samarbete',
        'Personligt ansvar och uppdrag för chefer',
        'Kommunledningens kommunikation',
        'Ledarutveckling',
      ],
      questions: [
        { code: '4.1', text: 'Finns kommunövergripande strategi för ledarskap, ansvar och delegation?', maxPoints: 15 },
        { code: '4.2', text: 'Vilket ansvar har resultatenheterna för budget, personal och organisation?', maxPoints: 10 },
        { code: '4.3', text: 'Hur beskrivs inriktning och ansvar för tvärsektorielt samarbete?', maxPoints: 20 },
        { code: '4.4', text: 'Hur tydliggörs det personliga uppdraget för alla chefer i organisationen?', maxPoints: 15 },
        { code: '4.5', text: 'Hur utövas den centrala ledningen över underställda avdelningar/enheter?', maxPoints: 20 },
        { code: '4.6', text: 'Hur bedrivs kommunens ledarutveckling?', maxPoints: 20 },
      ],
    },
    {
      number: 5,
      title: 'Resultat och effektivitet',
      topics: [
        'Strategi för resultatstyrning och effektivitetsutveckling',
        'Kostnader och resultat i budgetprocessen',
        'Arbetsprocesser, uppföljning och kontroll',
        'Kommunikation kring resurser och resultat',
        'Jämförelser',
        'Extern samverkan',
      ],
      questions: [
        { code: '5.1', text: 'Strategi för resultatstyrning och effektivitetsutveckling', maxPoints: 15 },
        { code: '5.2', text: 'Hur tydliggör kommunen sambandet mellan kostnader och resultat i budgetprocessen', maxPoints: 20 },
        { code: '5.3', text: 'Hur arbetar kommunen med utveckling arbetsprocesser, uppföljning och kontroll', maxPoints: 20 },
        { code: '5.4', text: 'Hur kommuniceras och förs strategiska diskussioner kring resurser och resultat?', maxPoints: 15 },
        { code: '5.5', text: 'Hur aktivt används jämförelser som ett led i serviceutveckling och effektivisering?', maxPoints: 20 },
        { code: '5.6', text: 'Hur sker extern samverkan för att stärka serviceutbudet och öka effektivitet?', maxPoints: 10 },
      ],
    },
    {
      number: 6,
      title: 'Kommunen som arbetsgivare - personalpolitik',
      topics: [
        'Personalstrategi',
        'Rekrytering',
        'Kompetens- och medarbetarutveckling',
        'Individuell lönesättning',
        'Arbetsmiljöarbete',
        'Mångfald',
      ],
      questions: [
        { code: '6.1', text: 'Finns en kommunövergripande personalstrategi?', maxPoints: 15 },
        {
          code: '6.2',
          text: 'Hur tillvaratas befintliga och hur rekryteras nya medarbetare? Kommunen som ”attraktiv arbetsgivare”.',
          maxPoints: 20,
        },
        { code: '6.3', text: 'Hur stor vikt läggs vid kompetens- och medarbetarutveckling?', maxPoints: 25 },
        { code: '6.4', text: 'Hur sker individuell lönesättning och belöning av goda prestationer?', maxPoints: 15 },
        { code: '6.5', text: 'Hur bedrivs kommunens arbetsmiljöarbete?', maxPoints: 15 },
        { code: '6.6', text: 'Hur arbetar kommunen med mångfald, (etnicitet, kulturellt och kön)?', maxPoints: 10 },
      ],
    },
    {
      number: 7,
      title: 'Verksamhetsutveckling',
      topics: [
        'Strategiskt kvalitetsarbete',
        'Verktyg för kvalitets-/verksamhetsutveckling',
        'Lärande genom omvärldsspaning och samverkan',
        'Kreativitet och innovationer',
        'IT-stöd',
      ],
      questions: [
        { code: '7.1', text: 'Hur beskrivs övergripande strategiskt kvalitetsarbete och serviceutveckling?', maxPoints: 15 },
        { code: '7.2', text: 'Vilka metoder och verktyg finns för kvalitets-/verksamhetsutveckling?', maxPoints: 25 },
        { code: '7.3', text: 'Hur sker lärande och utveckling genom omvärldsspanning och samverkan?', maxPoints: 20 },
        { code: '7.4', text: 'Hur arbetar kommunen med kreativitet och innovationer?', maxPoints: 20 },
        { code: '7.5', text: 'Hur arbetar kommunen med IT-stöd för att effektivisera det interna arbetet?', maxPoints: 20 },
      ],
    },
    {
      number: 8,
      title: 'Kommunen som samhällsbyggare',
      topics: [
        'Strategier för samhällsbyggande',
        'Samarbete med civilsamhället',
        'Samarbete med kulturlivet',
        'Stöd till näringslivet',
        'Internationella kontakter',
        'Hållbar utveckling',
      ],
      questions: [
        { code: '8.1', text: 'Har kommunen övergripande planer/strategier för samhällsbyggande', maxPoints: 15 },
        { code: '8.2', text: 'Hur samverkar kommunen med aktörer inom civilsamhället kring utveckling av lokalsamhället?', maxPoints: 20 },
        { code: '8.3', text: 'Hur samverkar kommunen med kulturlivet?', maxPoints: 20 },
        { code: '8.4', text: 'Vilken är kommunens roll i utveckling av näringslivet?', maxPoints: 15 },
        { code: '8.5', text: 'Hur arbetar kommunen med internationella kontakter?', maxPoints: 10 },
        { code: '8.6', text: 'Hur arbetar kommunen med hållbar utveckling? (miljö – ekonomiskt – socialt)', maxPoints: 20 },
      ],
    },
  ],
};
