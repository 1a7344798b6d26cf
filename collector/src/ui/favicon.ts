// The UI's icon: a small SVG waymark (served at /favicon.ico too, which browsers ask for unprompted).
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M8 24 L14 8 L18 18 L21 12 L25 24" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/></svg>`;
