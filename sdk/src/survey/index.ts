// Emotion surveys: the core's trigger logic (the widget is its own file, see widget.ts).
export { initSurveys } from './triggers';
