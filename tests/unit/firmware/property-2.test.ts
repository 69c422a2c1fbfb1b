import { propertyTestPart } from './property-part.js';

// Part 2 of the firmware property test; property-part.ts says why it comes in parts.
propertyTestPart(2);
