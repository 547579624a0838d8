import { createTheme } from '@mantine/core';

const fonts = "'Noto Sans', 'Noto Sans Devanagari', system-ui, -apple-system, 'Segoe UI', sans-serif";

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  fontFamily: fonts,
  headings: { fontFamily: fonts, fontWeight: '700' },
  defaultRadius: 'md',
  cursorType: 'pointer',
});
