// The SDK's lazily loaded parts (the survey widget, the profile): a script that registers one
// function on `window[global]`, loaded once, on first need (unless the page has it already).
// Resolves to that function: undefined when a file of another version registered nothing there.
const loading: Record<string, Promise<any>> = {};

export const loadPart = <T>(src: string, global: string): Promise<T | undefined> =>
  (window as any)[global]
    ? Promise.resolve((window as any)[global])
    : (loading[global] ||= new Promise((resolve, reject) => {
        const tag = document.createElement('script');
        tag.src = src;
        tag.onload = () => resolve((window as any)[global]);
        tag.onerror = reject;
        document.head.append(tag);
      }));
