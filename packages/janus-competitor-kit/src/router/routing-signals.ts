/**
 * The cheap signals of {@link classifyRequest}, as data: each pattern is
 * matched against the lowercased last user message. Word boundaries keep
 * "repo" from matching "report"; German umlauts are spelled both ways.
 */

/** Asks to act: write/run code, make files, browse, search, generate media (EN + DE). */
export const agentIntentPatterns: RegExp[] = [
  // English: code and programs.
  /\b(write|create|build|make|develop|implement|code)\b.{0,40}\b(program|script|function|app|application|website|web ?site|api|server|cli|bot|game|class|module|code)\b/,
  /\b(write|create|generate|make|save|produce|export)\b.{0,40}\b(file|pdf|csv|spreadsheet|excel|docx?|presentation|slides?|zip|json file|markdown file|report file)\b/,
  /\b(debug|refactor|fix (the|this|my) (bug|code|error|test)|run (the )?tests?|unit tests?|compile|deploy|install|pip install|npm install)\b/,
  /\b(run|execute)\b.{0,30}\b(code|script|program|command|this|it|python|node|bash|shell)\b/,
  // "run/execute" then a command in backticks, unless the message asks how to.
  /^(?![\s\S]*\bhow (do|can|should|would|to)\b)[\s\S]*\b(run|execute)\b[^`\n]{0,30}`[^`\n]+`/,
  /\b(terminal|shell command|bash|curl|git clone|github|repository|repo|docker|playwright|selenium)\b/,
  // English: web and research.
  /\b(search the web|web search|search online|google|browse|scrape|crawl|download|look up|research)\b/,
  /\b(latest|current|today'?s|breaking) (news|headlines|price|prices|weather|score|results?)\b/,
  /\b(take a screenshot|screenshot of|click on|navigate to|fill (in|out) the form|log ?in to)\b/,
  // English: media generation.
  /\b(generate|create|make|produce|render|draw|paint|illustrate)\b.{0,30}\b(image|picture|photo|illustration|logo|drawing|video|animation|clip|audio|voice|speech|song|music)\b/,
  /\b(text to speech|tts|read (this|it) aloud)\b|^(plot|chart|graph|visuali[sz]e)\b|\b(make|draw|create|generate) (me )?(a |an )?(plot|chart|graph|diagram)\b/,
  // German.
  /\b(schreib|erstell|programmier|implementier|entwickl|bau)\w*\b.{0,40}\b(programm|skript|script|code|funktion|app|webseite|website|datei|pdf|tabelle|präsentation|praesentation)\b/,
  /\b(führ|fuehr)\w*\b.{1,40}\baus\b|\bausführen\b|\bausfuehren\b/,
  /\b(herunterladen|lade .{1,40} herunter|recherchier\w*|durchsuch\w*|such\w* .{1,40} (im internet|online|im web)|im internet)\b/,
  /\b(speicher\w*|exportier\w*)\b.{0,40}\b(datei|als|pdf|csv)\b/,
  /\b(generier\w*|erzeug\w*|erstell\w*|mal\w*|zeichn\w*)\b.{0,30}\b(bild|foto|grafik|logo|video|animation|audio|diagramm)\b/,
  /\b(aktuell|neuest|heutig)\w* (nachrichten|news|preise|kurse)\b/,
  /(^|\s)(öffne|oeffne|besuche) .{1,40}\b(seite|webseite|website|url|link)\b/,
  /\b(teste|debugge|behebe den fehler|installier\w*)\b/,
];

/** With images attached, these ask for more than a description. */
export const imageToolPatterns =
  /\b(search for|find (more|similar)|look up|compare with|fetch|download|edit|crop|resize|convert|remove the background|upscale|write code|execute|run this|suche|finde ähnliche|bearbeite|konvertier\w*)\b/;

/** With files attached, these ask for processing rather than reading. */
export const fileToolPatterns =
  /\b(analy[sz]e|convert|extract|plot|chart|process|transform|compute|calculate|merge|clean|analysier\w*|konvertier\w*|extrahier\w*|berechne)\b/;

/** A code fence plus one of these asks to act on code. */
export const codeActionPatterns =
  /\b(fix|debug|refactor|run|execute|test|optimi[sz]e|rewrite|port|convert|behebe|teste|optimier\w*|ausführen)\b/;

/** A URL plus one of these asks to interact with the page. */
export const urlInteractionPatterns =
  /\b(test|check|visit|open|browse|verify|screenshot|load|fetch|scrape|interact|click|submit|form|login|api|endpoint|summari[sz]e|read|prüfe|öffne|besuche|lies)\b/;

/** Whole-message greetings and small talk (normalised: lowercase, letters, spaces). */
export const trivialGreetings = new Set([
  'hello',
  'hi',
  'hey',
  'hi there',
  'hello there',
  'good morning',
  'good afternoon',
  'good evening',
  'thanks',
  'thank you',
  'ok',
  'okay',
  'yes',
  'no',
  'sure',
  'bye',
  'goodbye',
  'see you',
  'whats up',
  'howdy',
  'yo',
  'hola',
  'hallo',
  'guten tag',
  'guten morgen',
  'guten abend',
  'danke',
  'danke schön',
  'danke schoen',
  'bitte',
  'tschüss',
  'tschuess',
  'ciao',
  'moin',
  'servus',
  'wie gehts',
  'how are you',
]);

/** Short factual questions (the original's list, EN + DE). */
export const simpleFactualPatterns: RegExp[] = [
  /^(what|why|how|when|where|who|which) (is|are|was|were|do|does|did)\b/,
  /^explain (why|how|what)\b/,
  /^(define|describe|tell me about) \w+/,
  /^what does \w+ mean/,
  /^what is the (meaning|definition) of/,
  /^(what is|calculate|compute) [\d(]/,
  /^can you (explain|tell me|describe)\b/,
  /^(was|warum|wie|wann|wo|wer|welche[rs]?) (ist|sind|war|waren|bedeutet|heißt|heisst)\b/,
  /^erkläre? (warum|wie|was)\b/,
];
