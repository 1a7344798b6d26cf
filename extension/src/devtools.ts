import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Waymark', 'icons/32.png', 'panel.html');
