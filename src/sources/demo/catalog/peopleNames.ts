// People: the customers' users (Graph reports) and the partner's own staff (audit records). Names carry
// accents and apostrophes; user principal names are their ASCII folding, as tenants usually create them.

export const firstNames: readonly string[] = [
  'Anna', 'José', 'Zoë', 'Søren', 'Łukasz', 'Chloé', 'Björn', 'Aoife', 'Siobhán', 'Mohammed', 'Priya', 'Wei',
  'Yuki', 'Olivia', 'Liam', 'Noah', 'Emma', 'Lucas', 'Mia', 'Elías', 'Jürgen', 'François', 'Ingrid', 'Mateo',
  'Sofía', 'Léa', 'Hugo', 'Maja', 'Oskar', 'Fatima', 'Amara', 'Kwame', 'Hana', 'Dmitri', 'Ana', 'João', 'Inês',
  'Nils', 'Grace', 'Daniel', 'Sarah', 'David', 'Laura', 'Thomas', 'Julia', 'Michael', 'Chen', 'Aisha', 'Ravi',
  'Eva', 'Pedro', 'Camille', 'Henrik', 'Nora', 'Tomás', 'Astrid', 'Emil', 'Ciarán', 'Małgorzata', 'Zainab',
];

export const lastNames: readonly string[] = [
  'Smith', 'Müller', 'García', "O'Connor", 'Nguyen', 'Kowalski', 'Dubois', 'Rossi', 'Jansen', 'Andersson',
  'Ødegård', 'Patel', 'Kim', 'Yamamoto', 'Silva', 'Fernández', 'Schmidt', 'Martin', 'Brown', 'Wilson', 'Taylor',
  'Lefèvre', 'Novák', 'Horváth', 'Papadopoulos', 'Öztürk', 'Ivanova', 'MacDonald', 'Fitzgerald', 'van der Berg',
  'Johnson', 'Williams', 'Jones', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hall', 'Green',
  'Baker', 'Clarke', 'Murphy', 'Kelly', 'Byrne', 'Lindqvist', 'Björk', 'Łukasik', 'Sørensen', 'Weiß', 'Groß',
  'Peña', 'Muñoz', 'Côté', 'Tremblay', 'Haddad', 'Tanaka', 'Suzuki', 'Singh',
];

export const partnerStaff: readonly string[] = [
  'Megan Bowen', 'Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Lynne Robbins', 'Nestor Wilke', 'Pradeep Gupta',
];

/** ASCII folding for mail addresses and domains: "Łukasz O'Connor" → "lukasz", "oconnor". */
export function asciiSlug(text: string): string {
  return text
    .replace(/[Łł]/g, 'l').replace(/[Øø]/g, 'o').replace(/[Ææ]/g, 'ae').replace(/ß/g, 'ss').replace(/[Đđ]/g, 'd')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/[^a-z0-9]+/g, '');
}
