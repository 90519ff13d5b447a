// Polish words of @bpmn-io/properties-panel, the frame of the properties panels of the procedure editor
// (bpmn-js-properties-panel) and of the form editor (form-js-editor): section and list buttons, the FEEL toggle,
// the pop-up editor. Their keys are the English templates the library passes to translate(); bpmn-js-properties-panel
// 6 does not hand our translate service to these components, so web/client/i18n/translate.js (translateRendered)
// also puts these words in place of the English ones the panel renders (tooltips, "Create", "Opened in editor").

export const propertiesPanelPl = {
  'Select an element to edit its properties.': 'Zaznacz element, aby edytować jego właściwości.',
  'Multiple elements are selected. Select a single element to edit its properties.': 'Zaznaczono kilka elementów. Zaznacz jeden, aby edytować jego właściwości.',
  'Open documentation': 'Otwórz dokumentację',
  'Toggle section': 'Zwiń/rozwiń sekcję',
  'Section contains an error': 'Sekcja zawiera błąd',
  'Section contains edits': 'Sekcja zawiera zmiany',
  '<empty>': '<puste>',
  '<none>': '<brak>',
  'Toggle list item': 'Zwiń/rozwiń pozycję',
  'Delete item': 'Usuń pozycję',
  'Create new list item': 'Dodaj pozycję',
  'Create': 'Dodaj',
  'JSON contains errors': 'JSON zawiera błędy',
  'Open pop-up editor': 'Otwórz w osobnym oknie',
  'Opened in editor': 'Otwarte w edytorze',
  'FEEL expression is mandatory': 'Wymagane wyrażenie FEEL',
  'Unparsable FEEL expression.': 'Nieprawidłowe wyrażenie FEEL.',
  'Learn more.': 'Więcej informacji.',
  'Opened in popup': 'Otwarte w osobnym oknie',
  'List contains {numOfItems} item': 'Liczba pozycji: {numOfItems}',
  'List contains {numOfItems} items': 'Liczba pozycji: {numOfItems}',
  'Click to set a dynamic value with FEEL expression': 'Kliknij, aby podać wartość wyrażeniem FEEL',
  'Click to remove dynamic value with FEEL expression': 'Kliknij, aby zrezygnować z wyrażenia FEEL',
  // the pop-up editor of a FEEL field: its buttons, and its title "<element type> / <field label>"
  'Save and close': 'Zapisz i zamknij',
  'Close popup': 'Zamknij',
  '{type} / {label}': '{type} / {label}',
}

/** The words the panel writes as text (not only in tooltips) without our translate service. */
export const PROPERTIES_PANEL_TEXTS = ['Create', 'Opened in editor', 'Opened in popup', '<empty>']

/** Where the pop-up editor writes its title (text) */
export const POPUP_TEXT_PLACES = '.bio-properties-panel-popup__title'
