/**
 * Name pools for generated people: common US given names by sex and surnames of many origins
 * (US Census 2010 frequent surnames), so a directory of a million reads plausibly and text
 * search has realistic collisions ("Smith", "Nguyen", "Garcia") and near-misses to fuzz.
 */
const words = (text: string): readonly string[] => text.trim().split(/\s+/);

export const FEMALE_GIVEN_NAMES = words(`
  Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra
  Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon
  Laura Cynthia Amy Kathleen Angela Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine
  Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren
  Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria
  Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Priya Mei Ling
  Aisha Fatima Yesenia Guadalupe Rosa Carmen Lucia Ngoc Thi Mai Ji-Yeon Soo-Jin Svetlana Olga Natalia
  Marie Nadia Leila Yasmin Chloe Camila Valentina Esther Miriam Keisha Latoya Ebony
`);

export const MALE_GIVEN_NAMES = words(`
  James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew
  Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward
  Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
  Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary
  Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl
  Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Carlos Luis
  Miguel Jorge Alejandro Raj Arjun Vikram Wei Jun Hao Minh Duc Tuan Min-Jun Sung-Ho Dmitri Sergei Ivan
  Omar Ahmed Hassan Youssef Jean-Pierre Louis Pierre Andre Marcus Darnell Jamal Tariq Samir
`);

export const FAMILY_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
  Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
  Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
  Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
  Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
  Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
  Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
  Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
  Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
  West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
  Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
  Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
  Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren
  Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne
  Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight
  Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry
  Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Wang
  Li Zhang Liu Huang Wu Pham Le Hoang Vu Park Choi Jung Kang Shah Singh Kumar Gupta Ivanov Petrov
  Smirnov Kuznetsov Haddad Khan Ali Hussein Dubois Moreau Laurent Pierre-Louis Jean-Baptiste
  O'Brien O'Connor McCarthy Kowalski Nowak Cohen Levy Friedman Rossi Russo Esposito Costa Oliveira
`);

/** Street names for practice addresses. */
export const STREET_NAMES = words(`
  Main Oak Maple Park Pine Cedar Elm Washington Lake Hill Church High Center Union Broad Market
  Spring Prospect Highland Franklin Jefferson Lincoln Madison Chestnut Walnut River Sunset Ridge
  Meadow Forest Valley College Mill School Bridge Water Grove Academy Hospital Medical Commerce
`);

export const STREET_SUFFIXES = words('St Ave Rd Blvd Dr Ln Way Pkwy Ct Pl');
