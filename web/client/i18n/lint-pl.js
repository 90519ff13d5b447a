// Polish texts of the lint warnings the editor lists after "Sprawdź" (bpmnlint's recommended rules and the
// Camunda 8 compatibility rules: src/procedures/lint-bpmn.ts). The check API keeps the linters' English messages;
// the page shows them in Polish. A key is the English message, with {placeholders} where the linter writes a name
// (an element type, a property, a version); the value keeps the same placeholders. Element types and property
// names stay as written in BPMN (e.g. <bpmn:UserTask>): they are what the XML and the properties panel name.

import { writtenTextTranslator } from './translate.js'

export const lintPl = {
  // bpmnlint: recommended rules
  'Incoming flows do not join': 'Przepływy wchodzące się nie łączą: dodaj bramkę łączącą przed elementem',
  'Gateway forks and joins': 'Bramka jednocześnie łączy i rozdziela przepływy: rozdziel to na dwie bramki',
  'Element overlaps with other element': 'Element zachodzi na inny element',
  'Element is outside of parent boundary': 'Element wystaje poza obszar elementu nadrzędnego',
  'Sequence flow has superfluous label': 'Przepływ ma zbędną etykietę (nazwę)',
  'Element is missing label/name': 'Element nie ma nazwy',
  'Element is not connected': 'Element nie jest połączony z resztą procesu',
  'Element is missing bpmndi': 'Element nie ma rysunku na diagramie',
  'Element is an implicit end': 'Element kończy ścieżkę bez zdarzenia końcowego',
  'Element is an implicit start': 'Element rozpoczyna ścieżkę bez zdarzenia początkowego',
  'Flow splits implicitly': 'Przepływ rozdziela się bez bramki',
  'Gateway is superfluous. It only has one source and target.': 'Zbędna bramka: ma tylko jeden przepływ wchodzący i jeden wychodzący.',
  'Termination is superfluous.': 'Zbędne zakończenie wszystkiego (terminate).',
  'Sequence flow is missing condition': 'Przepływ nie ma warunku',
  'Conditional event is missing a condition': 'Zdarzenie warunkowe nie ma warunku',
  'Start event is missing event definition': 'Zdarzenie początkowe nie ma określonego rodzaju',
  'Start event must be blank': 'Zdarzenie początkowe musi być zwykłe (bez rodzaju)',
  'Event has multiple event definitions': 'Zdarzenie ma kilka rodzajów naraz',
  'Process is missing end event': 'Proces nie ma zdarzenia końcowego',
  'Sub process is missing end event': 'Podproces nie ma zdarzenia końcowego',
  'Process is missing start event': 'Proces nie ma zdarzenia początkowego',
  'Sub process is missing start event': 'Podproces nie ma zdarzenia początkowego',
  'Process has multiple blank start events': 'Proces ma kilka zwykłych zdarzeń początkowych',
  'Sub process has multiple blank start events': 'Podproces ma kilka zwykłych zdarzeń początkowych',
  'SequenceFlow is a duplicate': 'Zdublowany przepływ',
  'Duplicate outgoing sequence flows': 'Zdublowane przepływy wychodzące',
  'Duplicate incoming sequence flows': 'Zdublowane przepływy wchodzące',
  'Element is missing name': 'Element nie ma nazwy',
  'Element is unused': 'Element nie jest używany',
  'Element name is not unique': 'Nazwa elementu się powtarza',
  'Element type <{type}> is discouraged': 'Element typu <{type}> jest niezalecany',
  'Link event is missing link name': 'Zdarzenie łącznikowe nie ma nazwy łącznika',
  'Link catch event with link name <{name}> missing in scope': 'Brak zdarzenia łącznikowego (wejście) o nazwie <{name}> w tym zakresie',
  'Link throw event with link name <{name}> missing in scope': 'Brak zdarzenia łącznikowego (wyjście) o nazwie <{name}> w tym zakresie',
  'Duplicate link catch event with link name <{name}> in scope': 'Zdublowane zdarzenie łącznikowe (wejście) o nazwie <{name}> w tym zakresie',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>': 'Bramka oparta na zdarzeniach musi mieć co najmniej 2 przepływy wychodzące',
  'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional': 'Przepływ wychodzący z bramki opartej na zdarzeniach nie może mieć warunku',
  'A <Start Event> is not allowed in <Ad Hoc Sub Process>': 'Zdarzenie początkowe jest niedozwolone w podprocesie ad hoc',
  'An <End Event> is not allowed in <Ad Hoc Sub Process>': 'Zdarzenie końcowe jest niedozwolone w podprocesie ad hoc',
  'Element has a non-standard width; expected width of {width}': 'Element ma niestandardową szerokość; oczekiwana: {width}',
  'Element has a non-standard height; expected height of {height}': 'Element ma niestandardową wysokość; oczekiwana: {height}',
  'Element has a non-standard size; expected {width}x{height}': 'Element ma niestandardowy rozmiar; oczekiwany: {width}x{height}',

  // bpmnlint-plugin-camunda-compat
  'Element of type <{type}> must have property <{property}>': 'Element typu <{type}> musi mieć właściwość <{property}>',
  'Element of type <{type}> must have property <{property}> if it has property <{other}>': 'Element typu <{type}> musi mieć właściwość <{property}>, gdy ma właściwość <{other}>',
  'Element of type <{type}> must have property {properties}': 'Element typu <{type}> musi mieć właściwość {properties}',
  'Element of type <{type}> must have one extension element of type {types}': 'Element typu <{type}> musi mieć jedno rozszerzenie typu {types}',
  'Element of type <{type}> must have one property <incoming> of type <bpmn:SequenceFlow>': 'Element typu <{type}> musi mieć dokładnie jeden przepływ wchodzący',
  'Element of type <{type}> must contain at least one activity': 'Element typu <{type}> musi zawierać co najmniej jedną czynność',
  'Element of type <{type}> not allowed': 'Element typu <{type}> jest niedozwolony',
  'Element of type <{type}> only allowed by Camunda {version} or newer': 'Element typu <{type}> jest dozwolony dopiero od Camunda {version}',
  'Element of type <{type}> with event definition of type <{definition}> not allowed': 'Element typu <{type}> ze zdarzeniem typu <{definition}> jest niedozwolony',
  'Element of type <{type}> with event definition of type <{definition}> only allowed by Camunda {version} or newer': 'Element typu <{type}> ze zdarzeniem typu <{definition}> jest dozwolony dopiero od Camunda {version}',
  'Element of type <{type}> with no event definition not allowed': 'Element typu <{type}> bez określonego rodzaju zdarzenia jest niedozwolony',
  'Element of type <{type}> without property <{property}> only allowed by Camunda {version} or newer': 'Element typu <{type}> bez właściwości <{property}> jest dozwolony dopiero od Camunda {version}',
  'Element of type <{type}> not allowed as event-based gateway target': 'Element typu <{type}> nie może następować po bramce opartej na zdarzeniach',
  'Multiple elements of type <bpmn:StartEvent> with no event definition not allowed as children of <{parent}>': 'Kilka zwykłych zdarzeń początkowych w <{parent}> jest niedozwolone',
  'Extension element of type <{type}> not allowed': 'Rozszerzenie typu <{type}> jest niedozwolone',
  'Extension element of type <{type}> only allowed by Camunda {version} or newer': 'Rozszerzenie typu <{type}> jest dozwolone dopiero od Camunda {version}',
  'Property <{property}> not allowed': 'Właściwość <{property}> jest niedozwolona',
  'Property <{property}> only allowed by Camunda {version} or newer': 'Właściwość <{property}> jest dozwolona dopiero od Camunda {version}',
  'Property <{property}> of type <{type}> not allowed': 'Właściwość <{property}> typu <{type}> jest niedozwolona',
  'Property <{property}> must have value of <{value}>': 'Właściwość <{property}> musi mieć wartość <{value}>',
  'Property <{property}> must have expression value': 'Właściwość <{property}> musi być wyrażeniem (zaczynać się od „=”)',
  'Property <{property}> is not a valid FEEL expression': 'Właściwość <{property}> nie jest poprawnym wyrażeniem FEEL',
  'Property <conditionExpression> only allowed if source is of type <bpmn:ExclusiveGateway> or <bpmn:InclusiveGateway>': 'Warunek przepływu jest dozwolony tylko za bramką rozłączną lub włączającą',
  'Property value of <{value}> not allowed': 'Wartość <{value}> jest niedozwolona',
  'Property value of <{value}> only allowed by Camunda {version} or newer': 'Wartość <{value}> jest dozwolona dopiero od Camunda {version}',
  'Expression value of <{value}> not allowed': 'Wyrażenie <{value}> jest niedozwolone',
  'Properties of type <{type}> have property <{property}> with duplicate value of <{value}>': 'Właściwości typu <{type}> mają powtórzoną wartość <{value}> w <{property}>',
  'Property of type <bpmn:LinkEventDefinition> has property <name> with duplicate value of <{name}>': 'Nazwa łącznika <{name}> się powtarza',
  'A <{type}> must be expanded': 'Element <{type}> musi być rozwinięty',
  'FEEL function <{name}> requires Camunda {version}': 'Funkcja FEEL <{name}> wymaga Camunda {version}',
  'Loop detected: {path}': 'Wykryto pętlę: {path}',
  'Embedded forms on start events are deprecated; use a linked form instead': 'Formularze osadzone w zdarzeniu początkowym są przestarzałe; użyj formularza powiązanego',
}

/** lintMessage(message) → the Polish text of a lint message, or null when the dictionary has none. A list of names
 * in a placeholder reads "<a> or <b>" (formatNames of camunda-compat): its "or" is written in Polish. */
export function lintTranslator(dictionary = lintPl) {
  return writtenTextTranslator(dictionary, (value) => value.replaceAll('> or <', '> lub <'))
}
